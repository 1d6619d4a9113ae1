# SPDX-License-Identifier: ISC
# bench/mails.sh - the benchmark's mail, shared by pipeline.sh and
# profile.sh (sourced after tests/lib/tequio.sh, for mk_mail).

# make_mails DIR FIRST LAST: one AYUDA from a different student each.
make_mails() {
	mkdir -p "$1"
	filler=$(head -c 3400 /dev/zero | tr '\0' 'x' | fold -w 70)
	i=$2
	while [ "$i" -le "$3" ]; do
		mk_mail "$1/$i.eml" "alumno$i@alumnos.utv.edu.mx" "AYUDA" \
		    "Hola, necesito ayuda con mi servicio social.
$filler" "bench-$i@test.example"
		i=$((i + 1))
	done
}
