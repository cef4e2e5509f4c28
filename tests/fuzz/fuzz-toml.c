/* fuzz-toml.c: a libFuzzer harness for the TOML reader (src/toml.c) and the
 * merge of toml_edit (src/tomledit.c). make check runs it through
 * driver.c on its seed corpus tests/fuzz/toml/ and mutations of it;
 * tests/fuzz/run.sh (make fuzz) runs it under libFuzzer with clang.
 *
 * Every input is read as a TOML file; it must parse with no diagnostic or
 * fail with at least one, each placed inside the text. The input is then
 * used as a target of a merge, which must either refuse it or give a text
 * that parses. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "toml.h"
#include "tomledit.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char snippet[] = "top = 1\n[database.apim_db]\n"
	    "url = \"jdbc:x\"\n[[datasource]]\nid = \"A\"\n";
	struct diags d = DIAGS_INIT;
	struct toml_doc *doc;
	const char *text = (const char *)data;
	char *out = NULL, *notes = NULL, *cause = NULL;
	size_t i, lines = 1, outlen;
	int r;

	for (i = 0; i < size; i++)
		lines += text[i] == '\n';
	doc = toml_parse(text, size, "fuzz.toml", &d);
	if ((doc == NULL) != (d.n > 0))
		abort();
	for (i = 0; i < d.n; i++) {
		if (d.v[i].line < 1 || (size_t)d.v[i].line > lines ||
		    d.v[i].col < 1)
			abort();
	}
	toml_free(doc);
	diags_free(&d);

	r = tomledit_apply(text, size, "fuzz.toml", snippet,
	    sizeof snippet - 1, "toml", "database", &out, &outlen, &notes,
	    &cause);
	if (r == 1) {
		doc = toml_parse(out, outlen, "out.toml", &d);
		if (doc == NULL)
			abort();
		toml_free(doc);
		diags_free(&d);
	} else if (r == -1 && (cause == NULL || out != NULL))
		abort();
	free(out);
	free(notes);
	free(cause);
	return 0;
}
