package dev.workflow.operations;

/**
 * The input of each run of a schedule instance: its settings and where it stands.
 *
 * @param spec the settings
 * @param paused whether it is paused
 * @param nextDueMillis the next due time in epoch milliseconds, or null to compute it from now
 * @param lastRunId the instance id of the latest run it started, or null
 * @param bufferedDueMillis a due time kept waiting by {@code BUFFER_ONE}, or null
 */
record ScheduleState(StoredSpec spec, boolean paused, Long nextDueMillis, String lastRunId, Long bufferedDueMillis) {

	ScheduleState withSpec(StoredSpec newSpec) {
		Long next = newSpec.timingDiffers(this.spec) ? null : this.nextDueMillis;
		return new ScheduleState(newSpec, this.paused, next, this.lastRunId, this.bufferedDueMillis);
	}

	ScheduleState withPaused(boolean newPaused) {
		return new ScheduleState(this.spec, newPaused, this.nextDueMillis, this.lastRunId, this.bufferedDueMillis);
	}

	ScheduleState withNextDue(Long next) {
		return new ScheduleState(this.spec, this.paused, next, this.lastRunId, this.bufferedDueMillis);
	}

	ScheduleState withLastRun(String runId) {
		return new ScheduleState(this.spec, this.paused, this.nextDueMillis, runId, this.bufferedDueMillis);
	}

	ScheduleState withBuffered(Long due) {
		return new ScheduleState(this.spec, this.paused, this.nextDueMillis, this.lastRunId, due);
	}

}
