package dev.workflow.engine;

/**
 * Throwables that unwind workflow code. They extend {@link Error} so that ordinary
 * {@code catch (Exception e)} blocks in workflow code do not swallow them, and carry no stack trace.
 */
final class Signals {

	private Signals() {
	}

	/** The workflow awaits a task whose result is not in history yet. */
	static final class Blocked extends Error {

		private static final long serialVersionUID = 1L;

		static final Blocked INSTANCE = new Blocked();

		private Blocked() {
			super("workflow is waiting for a task; this unwinds the workflow method and is not an error", null, false,
					false);
		}

	}

	/** The workflow called continueAsNew. */
	static final class ContinueAsNew extends Error {

		private static final long serialVersionUID = 1L;

		static final ContinueAsNew INSTANCE = new ContinueAsNew();

		private ContinueAsNew() {
			super("workflow continues as new", null, false, false);
		}

	}

	/** The workflow called complete(output). */
	static final class Completed extends Error {

		private static final long serialVersionUID = 1L;

		static final Completed INSTANCE = new Completed();

		private Completed() {
			super("workflow completed", null, false, false);
		}

	}

	/** The instance was terminated while the workflow ran. */
	static final class Terminated extends Error {

		private static final long serialVersionUID = 1L;

		static final Terminated INSTANCE = new Terminated();

		private Terminated() {
			super("workflow was terminated", null, false, false);
		}

	}

}
