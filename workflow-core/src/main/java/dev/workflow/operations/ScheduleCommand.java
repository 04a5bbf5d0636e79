package dev.workflow.operations;

/**
 * A request to a schedule instance, raised as the external event {@value #EVENT}.
 *
 * @param kind what to do
 * @param spec the new settings, for {@link Kind#UPDATE}
 * @param triggerMillis when the client asked, for {@link Kind#TRIGGER}: it names the run, so a
 * retried turn starts the same one
 */
record ScheduleCommand(Kind kind, StoredSpec spec, Long triggerMillis) {

	/** The external event name of commands. */
	static final String EVENT = "dapr.workflow.schedule.command";

	/** What a command asks for. */
	enum Kind {

		/** Stop starting runs. */
		PAUSE,

		/** Start runs again. */
		RESUME,

		/** Start a run now, out of turn. */
		TRIGGER,

		/** Replace the settings. */
		UPDATE

	}

}
