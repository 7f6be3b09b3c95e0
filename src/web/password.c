/*
 * password.c — the password rules and hashing: 12 to 128 characters, not a
 * common password (a short built-in list, and common words with digits or
 * signs appended), not the user's name; argon2id through libsodium with
 * 19 MiB and two passes; random passwords for new users.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

/* Common passwords of 12 characters or more (shorter ones fail the length
 * rule anyway), compared without regard to case. */
static const char *const common_pw[] = {
    "123456789012",     "1234567890123",       "12345678901234",   "123456789012345",
    "1234567890qwe",    "123123123123",        "123451234512",     "121212121212",
    "987654321098",     "098765432109",        "qwertyuiop12",     "qwertyuiop123",
    "qwertyuiopasdfgh", "qwertyuiopasdfghjkl", "qwerty123456",     "qwertz123456",
    "qwertzuiop12",     "qwertzuiopü",         "1q2w3e4r5t6y",     "1q2w3e4r5t6y7u",
    "1qaz2wsx3edc",     "1qaz2wsx3edc4rfv",    "zaq12wsxcde3",     "qazwsxedcrfv",
    "asdfghjkl123",     "asdfghjklöä",         "1234qwerasdf",     "1234567890ab",
    "abcd12345678",     "abcdefghijkl",        "abc123abc123",     "password1234",
    "password12345",    "password123!",        "passwordpassword", "mypassword12",
    "mypassword123",    "passwort1234",        "passwort123!",     "passwortpasswort",
    "iloveyou1234",     "admin1234567",        "administrator",    "administrator1",
    "letmein12345",     "welcome12345",        "willkommen12",     "willkommen123",
    "willkommen1234",   "changeme1234",        "geheim123456",     "kennwort1234",
    "hallo1234567",     "sonnenschein",        "sonnenschein1",    "schmetterling",
    "lieblingsmensch",  "fussballverein",      "superman1234",     "football1234",
    "baseball1234",     "princess1234",        "sunshine1234",     "starwars1234",
    "whatever1234",     "dragon123456",        "monkey123456",     "master123456",
    "shadow123456",     "trustno1trustno1",    "treue1234567",     "treuetreue12",
    "customer1234",     "kundentreue1",        "kundentreue123",
};

/* Words that with digits or signs appended are still guessed first. */
static const char *const common_base[] = {
    "password",   "passwort",  "kennwort", "qwerty", "qwertz",   "iloveyou", "welcome",
    "willkommen", "letmein",   "admin",    "treue",  "hallo",    "geheim",   "sommer",
    "winter",     "fruehling", "frühling", "herbst", "changeme", "secret",   "login",
    "abc",        "test",      "master",   "dragon", "monkey",   "football", "fussball",
};

/* ASCII lower case copy (other bytes as they are). */
static void lower(char *dst, const char *src, size_t cap)
{
	size_t i = 0;
	for (; src[i] && i + 1 < cap; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static int is_common(const char *pw)
{
	char lw[600];
	lower(lw, pw, sizeof(lw));
	for (size_t i = 0; i < ARRAY_SIZE(common_pw); i++)
		if (!strcmp(lw, common_pw[i]))
			return 1;
	/* one character repeated, or a run of ascending or descending digits */
	size_t n = strlen(lw), same = 1, up = 1, down = 1;
	for (size_t i = 1; i < n; i++) {
		same += lw[i] == lw[0];
		up += isdigit((unsigned char)lw[i]) &&
		      lw[i] == (lw[i - 1] == '9' ? '0' : lw[i - 1] + 1);
		down += isdigit((unsigned char)lw[i]) &&
		        lw[i] == (lw[i - 1] == '0' ? '9' : lw[i - 1] - 1);
	}
	if (same == n || up == n || down == n)
		return 1;
	/* a common word (perhaps repeated) followed by digits and signs only */
	for (size_t i = 0; i < ARRAY_SIZE(common_base); i++) {
		size_t bl = strlen(common_base[i]);
		const char *p = lw;
		int words = 0;
		while (!strncmp(p, common_base[i], bl)) {
			p += bl;
			words++;
		}
		if (!words)
			continue;
		while (*p && !isalpha((unsigned char)*p) && !((unsigned char)*p & 0x80))
			p++;
		if (!*p)
			return 1;
	}
	return 0;
}

int acct_password_ok(const char *name, const char *pw, enum lang lang, struct err *e)
{
	long chars = text_chars(pw);
	if (chars < 0)
		return err_set(e, "%s",
		               L(lang, "the password contains characters that are not text",
		                 "das Passwort enthält Zeichen, die kein Text sind"));
	if (chars < 12)
		return err_set(e, "%s",
		               L(lang, "the password is shorter than 12 characters",
		                 "das Passwort ist kürzer als 12 Zeichen"));
	if (chars > 128 || strlen(pw) > 512)
		return err_set(e, "%s",
		               L(lang, "the password is longer than 128 characters",
		                 "das Passwort ist länger als 128 Zeichen"));
	if (is_common(pw))
		return err_set(e, "%s",
		               L(lang, "the password is one of the first that attackers try",
		                 "das Passwort gehört zu den ersten, die Angreifer ausprobieren"));
	if (name && str_eq_nocase(name, pw))
		return err_set(e, "%s",
		               L(lang, "the password is the user's name",
		                 "das Passwort ist der Name des Benutzers"));
	return 0;
}

int acct_password_hash(const char *pw, char out[128], struct err *e)
{
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "hash buffer");
	if (sodium_init() < 0)
		return err_set(e, "libsodium cannot start");
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), 2, 19u * 1024 * 1024,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(e, "out of memory while hashing the password");
	return 0;
}

int acct_password_verify(const char *hash, const char *pw)
{
	if (!hash || !pw || sodium_init() < 0)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void acct_password_generate(char out[21])
{
	/* no 0/O, 1/l/I: read aloud or typed from a note without mistakes */
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	if (sodium_init() < 0)
		abort();
	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[20] = '\0';
}
