package dev.workflow.operations;

/**
 * A request to a schedule instance, raised as the external event {@value #EVENT}.
 *
 * @param kind what to do
 * @param spec the new settings, for {@link Kind#UPDATE}
 */
record ScheduleCommand(Kind kind, StoredSpec spec) {

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
