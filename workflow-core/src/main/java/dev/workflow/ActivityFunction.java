package dev.workflow;

/**
 * An activity's code, for registration without annotations through {@link WorkflowRuntime.Builder}.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface ActivityFunction<I, O> {

	/**
	 * Runs the activity.
	 * @param ctx the activity context
	 * @param input the input, bound to the registered input type, may be null
	 * @return the result
	 * @throws Exception an exception fails the call; the workflow sees a {@link TaskFailedException}
	 */
	O run(ActivityContext ctx, I input) throws Exception;

}
