package dev.workflow.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.workflow.WorkflowDefinitionException;

/**
 * Explains a workflow or activity that cannot be registered: a duplicate name, a bad signature.
 */
final class WorkflowDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<WorkflowDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WorkflowDefinitionException cause) {
		String action = cause.getMessage().startsWith("Duplicate")
				? "Give each @Workflow and each @Activity a unique name (the name attribute, or the method name)."
				: "Change the method's parameters: @Workflow methods take (WorkflowContext) or (WorkflowContext, I); "
						+ "@Activity methods take (), (I), (ActivityContext) or (ActivityContext, I).";
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
