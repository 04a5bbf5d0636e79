package dev.workflow.backend.actors;

import dev.workflow.backend.WorkItemLockLostException;

/**
 * A save was fenced on a partition lease this process no longer holds (it expired and another
 * replica took the partition, or the partition was handed over). Nothing was written; the
 * partition's new owner carries on from the stored state.
 */
public class PartitionLostException extends WorkItemLockLostException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message which partition, and who holds it now
	 */
	public PartitionLostException(String message) {
		super(message);
	}

}
