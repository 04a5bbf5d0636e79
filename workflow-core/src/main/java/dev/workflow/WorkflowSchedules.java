package dev.workflow;

import java.util.List;
import java.util.Optional;

/**
 * Creates and manages durable schedules: each starts a workflow on a cron expression or a fixed
 * interval, exactly once per due time across the replicas that share a backend, under the
 * instance id {@code <schedule id>-<due time in epoch seconds>} (runs started by
 * {@link #triggerNow(String)} get {@code <schedule id>-t<epoch millis>}). A schedule is itself a
 * workflow instance, {@code schedule:<id>}, so it is stored in the backend and survives restarts
 * on every durable backend. Reach it with {@link WorkflowRuntime#schedules()}, or inject it in
 * Spring.
 */
public interface WorkflowSchedules {

	/** The instance id prefix of the workflow instances that run schedules. */
	String INSTANCE_PREFIX = "schedule:";

	/**
	 * Creates a schedule, or updates the settings of the existing one with that id (a paused
	 * schedule stays paused). Nothing changes when the settings are the same, so every replica may
	 * call it at startup.
	 * @param spec the settings
	 * @return true if the schedule was created, false if it existed
	 * @throws IllegalArgumentException if the workflow is not registered here or the input cannot
	 * be serialized
	 */
	boolean create(ScheduleSpec spec);

	/**
	 * Registers a schedule to be created or updated (as {@link #create}) when the runtime starts,
	 * and at once if it runs already; what the {@link WorkflowSchedule @WorkflowSchedule}
	 * annotation does.
	 * @param spec the settings
	 */
	void declare(ScheduleSpec spec);

	/**
	 * Reads a schedule.
	 * @param id the schedule id
	 * @return the schedule, or empty if there is none
	 */
	Optional<ScheduleDescription> get(String id);

	/**
	 * Lists the schedules, sorted by id.
	 * @return the schedules
	 */
	List<ScheduleDescription> list();

	/**
	 * Pauses a schedule: it starts no runs until resumed. Due times passed while paused are treated
	 * by the catch-up policy on resume.
	 * @param id the schedule id
	 * @throws WorkflowInstanceNotFoundException if there is no such schedule
	 */
	void pause(String id);

	/**
	 * Resumes a paused schedule.
	 * @param id the schedule id
	 * @throws WorkflowInstanceNotFoundException if there is no such schedule
	 */
	void resume(String id);

	/**
	 * Starts a run now, out of turn (the overlap policy does not apply); the next due times stay
	 * as they were.
	 * @param id the schedule id
	 * @throws WorkflowInstanceNotFoundException if there is no such schedule
	 */
	void triggerNow(String id);

	/**
	 * Deletes a schedule: terminates and purges its instance. Runs it started are left alone.
	 * @param id the schedule id
	 * @return true if it was deleted, false if there was none
	 */
	boolean delete(String id);

}
