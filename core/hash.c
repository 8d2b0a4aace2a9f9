/* hash: SHA-256 through libcrypto's EVP interface, loaded on first use. */
#include "core/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/alloc.h"
#include "core/dynload.h"

#ifndef NP_LIBCRYPTO_SONAME
#error "NP_LIBCRYPTO_SONAME must name libcrypto's shared object (set by CMakeLists.txt)"
#endif

static struct {
	void *handle;
	EVP_MD_CTX *(*ctx_new)(void);
	void (*ctx_free)(EVP_MD_CTX *);
	const EVP_MD *(*sha256)(void);
	int (*init)(EVP_MD_CTX *, const EVP_MD *, ENGINE *);
	int (*update)(EVP_MD_CTX *, const void *, size_t);
	int (*final)(EVP_MD_CTX *, unsigned char *, unsigned int *);
	const char *(*version)(int);
} crypto;

static bool
load(struct np_error *err)
{
	const struct np_dynload_sym syms[] = {
		{"EVP_MD_CTX_new", &crypto.ctx_new, sizeof crypto.ctx_new},
		{"EVP_MD_CTX_free", &crypto.ctx_free, sizeof crypto.ctx_free},
		{"EVP_sha256", &crypto.sha256, sizeof crypto.sha256},
		{"EVP_DigestInit_ex", &crypto.init, sizeof crypto.init},
		{"EVP_DigestUpdate", &crypto.update, sizeof crypto.update},
		{"EVP_DigestFinal_ex", &crypto.final, sizeof crypto.final},
		{"OpenSSL_version", &crypto.version, sizeof crypto.version},
	};
	if (crypto.handle)
		return true;
	return np_dynload(&crypto.handle, NP_LIBCRYPTO_SONAME, syms, sizeof syms / sizeof *syms, err);
}

struct np_hash {
	EVP_MD_CTX *ctx;
};

struct np_hash *
np_hash_new(struct np_error *err)
{
	struct np_hash *h;

	if (!load(err))
		return NULL;
	h = np_xcalloc(1, sizeof *h);
	h->ctx = crypto.ctx_new();
	if (h->ctx == NULL)
		abort(); /* allocation failure inside libcrypto: out of memory */
	crypto.init(h->ctx, crypto.sha256(), NULL);
	return h;
}

void
np_hash_update(struct np_hash *h, const void *data, size_t len)
{
	crypto.update(h->ctx, data, len);
}

void
np_hash_finish(struct np_hash *h, char hex[NP_HASH_HEX_LEN + 1])
{
	unsigned char md[32];
	unsigned int n = 0;
	static const char digits[] = "0123456789abcdef";

	crypto.final(h->ctx, md, &n);
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[NP_HASH_HEX_LEN] = '\0';
	crypto.ctx_free(h->ctx);
	free(h);
}

bool
np_hash_file(const char *path, char hex[NP_HASH_HEX_LEN + 1], struct np_error *err)
{
	unsigned char chunk[65536];
	struct np_hash *h;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return np_error_set(err, NP_EXIT_FAILURE, "cannot open '%s': %s", path, strerror(errno));
	h = np_hash_new(err);
	if (h == NULL) {
		close(fd);
		return false;
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			np_error_set(err, NP_EXIT_FAILURE, "cannot read '%s': %s", path, strerror(errno));
			np_hash_finish(h, hex);
			close(fd);
			return false;
		}
		np_hash_update(h, chunk, (size_t)n);
	}
	close(fd);
	np_hash_finish(h, hex);
	return true;
}

const char *
np_hash_library_version(void)
{
	if (!load(NULL))
		return NULL;
	return crypto.version(OPENSSL_VERSION);
}

bool
np_hash_hex_valid(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == NP_HASH_HEX_LEN;
}
