package dev.workflow.backend.sql;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The Flyway migrations of the SQL backends and the JDBC actor store.
 */
final class Migrations {

	private Migrations() {
	}

	/**
	 * Creates or upgrades tables with Flyway from a classpath folder of migrations, keeping the
	 * history in a table of their own. An application schema that is not empty is fine: that own
	 * history table starts at version 0.
	 * @param dataSource the database
	 * @param location the classpath folder, such as {@code db/workflow/postgresql}
	 * @param historyTable the Flyway history table
	 * @param tablePrefix the value of the {@code ${prefix}} placeholder in the migrations
	 */
	static void migrate(DataSource dataSource, String location, String historyTable, String tablePrefix) {
		FluentConfiguration flyway = Flyway.configure(Migrations.class.getClassLoader())
			.dataSource(dataSource)
			.locations("classpath:" + location)
			.table(historyTable)
			.placeholders(java.util.Map.of("prefix", tablePrefix))
			.baselineOnMigrate(true)
			.baselineVersion("0");
		String pause = System.getProperty(STEP_PAUSE_PROPERTY);
		if (pause != null) {
			flyway.callbacks(new MigrationStepPause(Long.parseLong(pause)));
		}
		flyway.load().migrate();
	}

	/**
	 * Test only: a system property (milliseconds) that makes {@link #migrate} print
	 * {@code workflow-migration-step <n> <event>} to stdout at each step of a migration (before and
	 * after each version and each statement) and then pause, so that a crash test can kill the
	 * process between two given statements. Unset (always, outside tests) it adds nothing.
	 */
	static final String STEP_PAUSE_PROPERTY = "dev.workflow.test.migration-step-pause-ms";

	/** The callback behind {@link #STEP_PAUSE_PROPERTY}. */
	private static final class MigrationStepPause implements Callback {

		private static final java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();

		private final long pauseMillis;

		MigrationStepPause(long pauseMillis) {
			this.pauseMillis = pauseMillis;
		}

		@Override
		public boolean supports(Event event, Context context) {
			return event == Event.BEFORE_MIGRATE || event == Event.BEFORE_EACH_MIGRATE
					|| event == Event.AFTER_EACH_MIGRATE_STATEMENT || event == Event.AFTER_EACH_MIGRATE;
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true;
		}

		@Override
		public void handle(Event event, Context context) {
			System.out.println("workflow-migration-step " + steps.incrementAndGet() + " " + event.getId());
			try {
				Thread.sleep(this.pauseMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public String getCallbackName() {
			return "workflow-migration-step-pause";
		}

	}

}
