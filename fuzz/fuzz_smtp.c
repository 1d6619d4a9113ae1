/* SPDX-License-Identifier: ISC */
/*
 * fuzz_smtp.c - libFuzzer target: what an SMTP server says to the client
 * of outbox/smtp.c (reply lines, multi-line replies, EHLO keywords,
 * replies out of step with the commands), fed to one connection's reader
 * and state machine from the greeting through two pipelined mails.
 *
 * smtp.c is included, so its static reader can be driven without a
 * socket: the input is cut into reads at each 0xff byte, and whatever the
 * client queues is taken as written at once (the next read answers it).
 * An input that begins with 0xfe is a session with a login: a user is
 * configured and the connection counts as already in TLS (a GnuTLS
 * session that never carries a byte), so AUTH PLAIN or LOGIN follows
 * EHLO.  Aborts when more mails count as sent than final dots were
 * written before the server's last word, or a mail is left neither done
 * nor waiting.
 */
#include "outbox/smtp.c"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAILS 2

/* What the client wrote, all of it, to count the final dots. */
static char written[16384];
static size_t nwritten;

/* The client's queued bytes go out: kept in written, the buffer empty. */
static void
drain(struct conn *cn)
{
	size_t n = cn->outlen - cn->outoff;

	if (n == 0)
		return;
	if (n > sizeof(written) - nwritten)
		n = sizeof(written) - nwritten;
	memcpy(written + nwritten, cn->out + cn->outoff, n);
	nwritten += n;
	cn->outoff = cn->outlen = 0;
	cn->out_written = cn->out_queued;
}

static size_t
dots_written(void)
{
	size_t dots = 0;

	for (size_t i = 0; i + 5 <= nwritten; i++)
		if (memcmp(written + i, "\r\n.\r\n", 5) == 0)
			dots++;
	return dots;
}

/* One read of n bytes from the server.  -1: the connection failed. */
static int
server_says(struct conn *cn, const uint8_t *p, size_t n)
{
	while (n > 0) {
		size_t room = sizeof(cn->in) - cn->inlen;

		if (room == 0)
			return -1;	/* what conn_read says */
		if (room > n)
			room = n;
		memcpy(cn->in + cn->inlen, p, room);
		cn->inlen += room;
		p += room;
		n -= room;
		if (parse_replies(cn) != 0 || cn->state == C_HANDSHAKE)
			return -1;
		if (cn->state == C_READY && cn->nslots == 0 &&
		    may_take(cn->s, cn))
			slot_start(cn, next_job(&cn->s->stream));
		if (cn->nslots > 0)
			write_envelope(cn, &cn->slot[0]);
		drain(cn);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char raw[] = "Subject: prueba\r\n\r\n.linea\r\nfin";
	struct config cfg;
	struct smtp_job job[MAILS];
	char err[MAILS][200];
	struct smtp *s;
	struct conn *cn;
	size_t off = 0, sent = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.smtp_url = "smtp://127.0.0.1:25";
	cfg.address = "servicio.social@utv.edu.mx";
	cfg.smtp_timeout_seconds = 60;
	if (size > 0 && data[0] == 0xfe) {
		cfg.smtp_user = "servicio.social";
		cfg.smtp_password = "secreto";
		off = 1;
	}
	if ((s = smtp_new(&cfg)) == NULL)
		abort();
	smtp_open_stream(s, cfg.address);
	for (int i = 0; i < MAILS; i++) {
		memset(&job[i], 0, sizeof(job[i]));
		job[i].rcpt = "alumno@alumnos.utv.edu.mx";
		job[i].raw = raw;
		job[i].len = sizeof(raw) - 1;
		job[i].err = err[i];
		job[i].errlen = sizeof(err[i]);
		if (smtp_add(s, &job[i]) != 0)
			abort();
	}
	nwritten = 0;
	cn = &s->conn[0];
	cn->usable = 1;
	s->stream.width = 1;
	slot_start(cn, next_job(&s->stream));
	cn->state = C_GREETING;
	if (off == 1 && gnutls_init(&cn->tls, GNUTLS_CLIENT) != 0)
		abort();
	while (off < size) {
		const uint8_t *cut = memchr(data + off, 0xff, size - off);
		size_t n = cut != NULL ? (size_t)(cut - (data + off)) :
		    size - off;

		if (server_says(cn, data + off, n) != 0)
			break;
		off += n + (cut != NULL);
	}
	/* The server's last word: the connection ends. */
	snprintf(cn->err, sizeof(cn->err), "the server closed the connection");
	conn_fail(cn);
	smtp_cancel(s);
	for (int i = 0; i < MAILS; i++) {
		if (!job[i].done)
			abort();
		sent += job[i].status == SMTP_SENT;
	}
	if (smtp_pending(s) != 0 || sent > dots_written())
		abort();
	smtp_close_stream(s);
	smtp_free(s);
	return 0;
}
