package dev.workflow;

/**
 * A workflow's code, for registration without annotations through {@link WorkflowRuntime.Builder}.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface WorkflowFunction<I, O> {

	/**
	 * Runs (or replays) the workflow.
	 * @param ctx the workflow context
	 * @param input the input, bound to the registered input type, may be null
	 * @return the output
	 * @throws Exception an uncaught exception fails the instance
	 */
	O run(WorkflowContext ctx, I input) throws Exception;

}
