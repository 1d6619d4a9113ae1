/* SPDX-License-Identifier: ISC */
/*
 * verdict.h - what a guard, an effect or a transition says (workflow.h),
 * on its own so that effects.h and workflow.h, which include each other's
 * subject, need not include each other.
 */
#ifndef TEQUIO_VERDICT_H
#define TEQUIO_VERDICT_H

/*
 * Go on, refused (a guard writes why, a sentence in Spanish; an effect
 * and wf_fire have said it in the transcript), or an error (logged).
 */
enum wf_verdict {
	WF_ERROR = -1,
	WF_OK = 0,
	WF_REFUSED = 1
};

#endif
