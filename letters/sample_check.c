/* SPDX-License-Identifier: ISC */
/*
 * sample_check.c - refusing to sign letters with invented officials.
 *
 * templates/institucion.txt and config/tequio.conf.example ship with a
 * sample institution (a rector, a coordinator, an address and a phone that
 * do not exist) so that the demo prints complete letters.  Installed as
 * they are, every letter would go out under those names, so tequiod
 * refuses to start and tequioctl check-config says so, until the data is
 * replaced or [institution] sample_ok = yes says it is a demonstration.
 */
#include <stdio.h>
#include <string.h>

#include "common/util.h"
#include "letters/letters.h"
#include "letters/letters_int.h"

/* What the shipped files say: key, sample value. */
static const char *const samples[][2] = {
	{"institucion.nombre", "Universidad Tecnológica del Valle"},
	{"institucion.representante", "Dr. Ernesto Aguilar Villalobos"},
	{"coordinacion.nombre", "Mtra. Adriana Sánchez Olivera"},
	{"institucion.domicilio", "Carretera Oaxaca–Tlacolula km 7.5, Santa "
	    "Cruz Amilpas, Oax., C.P. 71226"},
	{"institucion.telefono", "Tel. 951 501 0000, ext. 214"},
};

int
letters_sample_check(const struct letters *l, char *err, size_t errlen)
{
	struct buf found;
	int n = 0;

	if (l->cfg->inst_sample_ok)
		return 0;
	buf_init(&found);
	buf_adds(&found, "");
	for (size_t i = 0; i < ARRAY_LEN(samples); i++) {
		const char *v = vars_get(l->inst, samples[i][0]);

		if (v == NULL || strcmp(v, samples[i][1]) != 0)
			continue;
		buf_printf(&found, "%s%s = %s", n++ ? "; " : "",
		    samples[i][0], v);
	}
	if (n > 0)
		snprintf(err, errlen, "los datos de la institución siguen "
		    "siendo los de ejemplo (%s): ponga los suyos en "
		    "[institution] name de %s y en %s/institucion.txt, o "
		    "ponga [institution] sample_ok = yes para una "
		    "demostración", found.data, l->cfg->path,
		    l->cfg->templates);
	buf_free(&found);
	return n > 0 ? -1 : 0;
}
