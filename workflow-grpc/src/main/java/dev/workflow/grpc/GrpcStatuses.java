package dev.workflow.grpc;

import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.backend.WorkItemLockLostException;

/**
 * Maps the exceptions of the engine and the backends to gRPC statuses, keeping their messages (they
 * say what is wrong and what is allowed), so that SDK clients see the same errors the Java client
 * throws.
 */
public final class GrpcStatuses {

	private GrpcStatuses() {
	}

	/**
	 * The status for an exception.
	 * @param ex the exception
	 * @return the status exception to send
	 */
	public static StatusRuntimeException toStatus(Throwable ex) {
		if (ex instanceof StatusRuntimeException s) {
			return s;
		}
		Status status;
		if (ex instanceof WorkflowInstanceNotFoundException || ex instanceof UnknownWorkItemException) {
			status = Status.NOT_FOUND;
		}
		else if (ex instanceof WorkflowInstanceExistsException) {
			status = Status.ALREADY_EXISTS;
		}
		else if (ex instanceof IllegalArgumentException) {
			status = Status.INVALID_ARGUMENT;
		}
		else if (ex instanceof WorkItemLockLostException || ex instanceof IllegalStateException) {
			status = Status.FAILED_PRECONDITION;
		}
		else if (ex instanceof TimeoutException) {
			status = Status.DEADLINE_EXCEEDED;
		}
		else if (ex instanceof UnsupportedOperationException) {
			status = Status.UNIMPLEMENTED;
		}
		else {
			status = Status.INTERNAL;
		}
		return status.withDescription(ex.getMessage() != null ? ex.getMessage() : ex.getClass().getName())
			.withCause(ex)
			.asRuntimeException();
	}

	/**
	 * The status for an RPC this endpoint does not serve.
	 * @param rpc the method name
	 * @param why why not, and what to use instead
	 * @return the status exception to send
	 */
	public static StatusRuntimeException unimplemented(String rpc, String why) {
		return Status.UNIMPLEMENTED.withDescription(rpc + " is not supported by this workflow endpoint: " + why)
			.asRuntimeException();
	}

}
