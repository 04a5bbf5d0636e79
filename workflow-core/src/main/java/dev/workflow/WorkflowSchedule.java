package dev.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts the {@link Workflow @Workflow} method it sits on on a calendar, durably: the schedule is
 * stored in the backend, survives restarts and starts exactly one instance per due time across
 * replicas, under the id {@code <schedule id>-<due time in epoch seconds>}.
 *
 * <pre>{@code
 * @Workflow(name = "report")
 * @WorkflowSchedule(cron = "0 0 6 * * MON-FRI", zone = "Europe/Paris", input = "{\"kind\":\"daily\"}")
 * @WorkflowSchedule(id = "report-hourly", interval = "PT1H")
 * public Report report(WorkflowContext ctx, ReportRequest request) { ... }
 * }</pre>
 *
 * Exactly one of {@link #cron()} and {@link #interval()} is set. At startup each annotated schedule
 * is created, or updated when its settings changed since the last deployment (a pause set through
 * {@link WorkflowSchedules} stays). A schedule whose annotation is removed keeps running: delete it
 * with {@link WorkflowSchedules#delete(String)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(WorkflowSchedule.List.class)
public @interface WorkflowSchedule {

	/**
	 * The schedule id: 1 to 48 letters, digits, '_', '.' or '-'; defaults to the workflow name
	 * with other characters replaced by '-' (and a number appended for the second and later
	 * schedules of one method).
	 * @return the id, or an empty string for the default
	 */
	String id() default "";

	/**
	 * A cron expression in Spring's six-field syntax (see {@link Cron}), e.g. {@code "*}{@code /2 * * * * *"}.
	 * @return the expression, or an empty string when {@link #interval()} is used
	 */
	String cron() default "";

	/**
	 * The time zone the cron expression is read in.
	 * @return a zone id (default UTC)
	 */
	String zone() default "UTC";

	/**
	 * A fixed interval instead of a cron expression, as an ISO-8601 duration ({@code PT30S},
	 * {@code PT1H}); due times are multiples of it since the epoch, so every replica and every
	 * deployment computes the same ones.
	 * @return the interval, or an empty string when {@link #cron()} is used
	 */
	String interval() default "";

	/**
	 * The input of every run, as JSON text bound to the workflow's input type.
	 * @return the JSON, or an empty string for no input
	 */
	String input() default "";

	/**
	 * What to do when a run falls due while the previous one still runs.
	 * @return the policy (default SKIP)
	 */
	ScheduleOverlapPolicy overlap() default ScheduleOverlapPolicy.SKIP;

	/**
	 * What to do with due times missed while the application was down.
	 * @return the policy (default SKIP_MISSED)
	 */
	ScheduleCatchUpPolicy catchUp() default ScheduleCatchUpPolicy.SKIP_MISSED;

	/**
	 * How late a due time may be started, as an ISO-8601 duration; later ones count as missed.
	 * @return the window (default one minute)
	 */
	String catchUpWindow() default "PT1M";

	/**
	 * Holds several {@link WorkflowSchedule} annotations on one method.
	 */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@interface List {

		/**
		 * The schedules.
		 * @return the schedules
		 */
		WorkflowSchedule[] value();

	}

}
