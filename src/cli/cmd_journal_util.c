/*
 * cmd_journal_util.c — helpers of the journal commands: the output
 * format, finding the kind among the arguments, text from stdin or
 * $EDITOR.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd_journal.h"

enum journal_format jr_format(const struct ctx *c)
{
	return c->format == FMT_JSON ? JF_JSON : c->format == FMT_CSV ? JF_CSV : JF_TEXT;
}

/* 1 when the long option `name` (n bytes) takes a value. */
static int takes_value(const char *name, size_t n, const struct option *const *opts)
{
	static const char *const globals[] = {"db", "format", "as-of", "lang"};
	for (size_t i = 0; i < ARRAY_SIZE(globals); i++)
		if (strlen(globals[i]) == n && !strncmp(globals[i], name, n))
			return 1;
	for (; opts && *opts; opts++)
		for (const struct option *o = *opts; o->type != OPT_END_; o++)
			if (o->name && strlen(o->name) == n && !strncmp(o->name, name, n))
				return o->type != OPT_FLAG_ && o->type != OPT_GROUP_;
	return 0;
}

const char *jr_first_positional(int argc, char **argv, const struct option *const *opts)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-' || !a[1])
			return a;
		if (a[1] != '-')
			continue;
		const char *eq = strchr(a + 2, '=');
		if (!eq && takes_value(a + 2, strlen(a + 2), opts))
			i++;
	}
	return NULL;
}

/* Drops trailing white space (and so the final newline of stdin). */
static void trim_end(struct strbuf *sb)
{
	size_t n = sb->len;
	while (n && (sb->buf[n - 1] == '\n' || sb->buf[n - 1] == '\r' || sb->buf[n - 1] == ' ' ||
	             sb->buf[n - 1] == '\t'))
		n--;
	sb_setlen(sb, n);
}

int jr_input(const char *field, const char **val, struct jpool *pool)
{
	static int stdin_used;
	if (!*val || strcmp(*val, "-"))
		return 0;
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	if (stdin_used)
		return error(L(cli_lang, "--%s: only one text can be read from standard input",
		               "--%s: nur ein Text kann von der Standardeingabe gelesen werden"),
		             field);
	stdin_used = 1;
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		sb_add(&sb, buf, n);
		if (sb.len > JOURNAL_TEXT_MAX)
			break;
	}
	if (memchr(sb.buf, '\0', sb.len)) {
		sb_release(&sb);
		return error(L(cli_lang, "--%s: the text contains a NUL byte",
		               "--%s: der Text enthält ein NUL-Byte"),
		             field);
	}
	trim_end(&sb);
	*val = jpool_dup(pool, sb.buf);
	sb_release(&sb);
	return 0;
}

/* Runs the editor on path the way git does: through sh, so $EDITOR may
 * carry arguments. */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	struct strbuf script = STRBUF_INIT;
	int status;
	pid_t pid;
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	sb_addf(&script, "%s \"$@\"", ed);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		sb_release(&script);
		return error(L(cli_lang, "cannot start the editor: %s",
		               "der Editor lässt sich nicht starten: %s"),
		             strerror(errno));
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", script.buf, ed, path, (char *)NULL);
		_exit(127);
	}
	sb_release(&script);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return error("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return error(L(cli_lang, "the editor (%s) failed; nothing recorded",
		               "der Editor (%s) ist gescheitert; nichts erfasst"),
		             ed);
	return 0;
}

/* The field named by a "[name]" line, or -1. */
static int section_of(const char *line, size_t len, const struct jr_field *f, int n)
{
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
		len--;
	if (len < 3 || line[0] != '[' || line[len - 1] != ']')
		return -1;
	for (int i = 0; i < n; i++)
		if (strlen(f[i].name) == len - 2 && !strncmp(line + 1, f[i].name, len - 2))
			return i;
	return -1;
}

int jr_editor(const char *comment, struct jr_field *f, int n, struct jpool *pool)
{
	const char *tmp = getenv("TMPDIR");
	struct strbuf sb = STRBUF_INIT, *vals = NULL, pathbuf = STRBUF_INIT;
	int fd = -1, rc = EXIT_ERR, cur = -1, any = 0;
	FILE *fp = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (tmp && *tmp)
		sb_addf(&pathbuf, "%s/treue-edit-XXXXXX", tmp);
	else
		sb_adds(&pathbuf, "/tmp/treue-edit-XXXXXX");
	fd = mkstemp(pathbuf.buf);
	if (fd < 0) {
		error(L(cli_lang, "cannot create a file for the editor: %s",
		        "Datei für den Editor lässt sich nicht anlegen: %s"),
		      strerror(errno));
		goto out;
	}
	sb_adds(&sb, L(cli_lang,
	               "# Write below each [section]; lines starting with # are left out.\n"
	               "# Save and quit to record; an empty file records nothing.\n",
	               "# Unter jeden [Abschnitt] schreiben; Zeilen mit # am Anfang entfallen.\n"
	               "# Speichern und beenden erfasst; eine leere Datei erfasst nichts.\n"));
	if (comment)
		sb_adds(&sb, comment);
	for (int i = 0; i < n; i++) {
		sb_addf(&sb, "\n[%s]\n", f[i].name);
		if (f[i].hint_en)
			sb_addf(&sb, "# %s\n", L(cli_lang, f[i].hint_en, f[i].hint_de));
		if (*f[i].val)
			sb_addf(&sb, "%s\n", *f[i].val);
	}
	if (write(fd, sb.buf, sb.len) != (ssize_t)sb.len || close(fd) != 0) {
		fd = -1;
		error(L(cli_lang, "cannot write %s", "%s lässt sich nicht schreiben"), pathbuf.buf);
		goto out;
	}
	fd = -1;
	if (run_editor(pathbuf.buf))
		goto out;
	fp = fopen(pathbuf.buf, "r");
	if (!fp) {
		error(L(cli_lang, "cannot read %s", "%s lässt sich nicht lesen"), pathbuf.buf);
		goto out;
	}
	vals = xcalloc((size_t)n, sizeof(*vals));
	for (int i = 0; i < n; i++)
		sb_init(&vals[i]);
	while ((len = getline(&line, &cap, fp)) >= 0) {
		int s;
		if (line[0] == '#')
			continue;
		if ((s = section_of(line, (size_t)(len && line[len - 1] == '\n' ? len - 1 : len), f,
		                    n)) >= 0) {
			cur = s;
			continue;
		}
		if (cur < 0)
			continue; /* text outside a section is left out */
		if (!vals[cur].len && strspn(line, " \t\r\n") == (size_t)len)
			continue; /* leading blank lines */
		sb_add(&vals[cur], line, (size_t)len);
	}
	for (int i = 0; i < n; i++) {
		trim_end(&vals[i]);
		if (vals[i].len)
			any = 1;
	}
	if (!any) {
		error(L(cli_lang, "the file was left empty; nothing recorded",
		        "die Datei blieb leer; nichts erfasst"));
		goto out;
	}
	for (int i = 0; i < n; i++) {
		struct err e = {.lang = cli_lang};
		err_clear(&e);
		if (journal_text_check(f[i].name, vals[i].buf, &e)) {
			print_err(&e);
			goto out;
		}
	}
	for (int i = 0; i < n; i++)
		*f[i].val = vals[i].len ? jpool_dup(pool, vals[i].buf) : NULL;
	rc = 0;
out:
	if (vals)
		for (int i = 0; i < n; i++)
			sb_release(&vals[i]);
	free(vals);
	free(line);
	if (fp)
		fclose(fp);
	if (fd >= 0)
		close(fd);
	if (pathbuf.len)
		unlink(pathbuf.buf);
	sb_release(&pathbuf);
	sb_release(&sb);
	return rc;
}
