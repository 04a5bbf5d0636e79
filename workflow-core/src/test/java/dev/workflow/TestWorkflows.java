package dev.workflow;

/**
 * Workflows the reliability, cluster and placement tests share.
 */
public final class TestWorkflows {

	private TestWorkflows() {
	}

	/**
	 * The three-step sequence: calls activity {@code inc} three times, each on the previous result.
	 * Register it with {@code registerWorkflow("seq3", TestWorkflows::seq3, Integer.class)} and an
	 * {@code inc} activity that adds one; its output is then its input plus 3.
	 * @param ctx the workflow context
	 * @param n the input
	 * @return the last activity's result
	 */
	public static int seq3(WorkflowContext ctx, Integer n) {
		int v = n;
		for (int i = 0; i < 3; i++) {
			v = ctx.callActivity("inc", v, Integer.class).await();
		}
		return v;
	}

}
