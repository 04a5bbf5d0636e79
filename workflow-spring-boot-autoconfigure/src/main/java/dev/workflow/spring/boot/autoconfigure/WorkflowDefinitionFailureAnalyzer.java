package dev.workflow.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.workflow.DuplicateRegistrationException;
import dev.workflow.UnsupportedSignatureException;
import dev.workflow.WorkflowDefinitionException;

/**
 * Explains a workflow or activity that cannot be registered: a duplicate name, a bad signature, an
 * invalid name or version. The advice follows the exception's type, found anywhere in the cause
 * chain; the message, which names the declarations, is the description.
 */
final class WorkflowDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<WorkflowDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WorkflowDefinitionException cause) {
		String action;
		if (cause instanceof DuplicateRegistrationException) {
			action = "Give each @Workflow (or each version of one) and each @Activity a unique name "
					+ "(the name attribute, or the method name).";
		}
		else if (cause instanceof UnsupportedSignatureException) {
			action = "Change the method's parameters: @Workflow methods take (WorkflowContext) or (WorkflowContext, I); "
					+ "@Activity methods take (), (I), (ActivityContext) or (ActivityContext, I).";
		}
		else {
			action = "Correct the declaration named above: a name is 1 to 256 characters without control characters, "
					+ "a version 1 to 64 letters, digits, '.', '_' or '-', and a workflow with several versions needs "
					+ "exactly one with latest = true.";
		}
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
