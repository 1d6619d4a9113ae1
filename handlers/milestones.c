/* SPDX-License-Identifier: ISC */
/*
 * milestones.c - the milestones of hours a service reports at
 * (milestones.h).  They follow from the configuration alone, so every
 * part of the workflow (the order of reports, the calendar, ESTADO, the
 * evaluation) sees the same list.
 */
#include <string.h>

#include "handlers/milestones.h"

static const int fixed[] = {180, 360, 480};

int
milestones_monthly(const struct config *cfg)
{
	return strcmp(cfg->cal_reports, "monthly") == 0;
}

int
milestones(const struct config *cfg, int out[MAX_MILESTONES])
{
	int n;

	if (!milestones_monthly(cfg)) {
		memcpy(out, fixed, sizeof(fixed));
		return (int)(sizeof(fixed) / sizeof(fixed[0]));
	}
	n = cfg->min_months < 1 ? 1 : cfg->min_months;
	if (n > MAX_MILESTONES)
		n = MAX_MILESTONES;
	for (int k = 0; k < n; k++)
		out[k] = (int)((long)cfg->total_hours * (k + 1) / n);
	return n;
}

int
milestone_index(const struct config *cfg, int h)
{
	int m[MAX_MILESTONES], n = milestones(cfg, m);

	for (int i = 0; i < n; i++)
		if (m[i] == h)
			return i;
	return -1;
}

int
milestone_previous(const struct config *cfg, int h)
{
	int m[MAX_MILESTONES], i = milestone_index(cfg, h);

	milestones(cfg, m);
	return i > 0 ? m[i - 1] : 0;
}

int
milestone_next(const struct config *cfg, int h)
{
	int m[MAX_MILESTONES], n = milestones(cfg, m), i = milestone_index(cfg,
	    h);

	return i >= 0 && i + 1 < n ? m[i + 1] : 0;
}
