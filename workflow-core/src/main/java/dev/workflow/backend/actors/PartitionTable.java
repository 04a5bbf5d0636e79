package dev.workflow.backend.actors;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The partition leases of a shared actor state store. Each partition row holds an owner, an epoch
 * that grows with every change of owner, and an expiry the owner keeps pushing forward. Members
 * (running backends) heartbeat so each can compute its fair share. A save fenced on a partition
 * commits only while its owner still holds the partition at the same epoch.
 */
public interface PartitionTable {

	/**
	 * Creates the partition rows on first use; afterwards the stored count is in force.
	 * @param desired the partition count to create if the table is empty
	 * @return the partition count in force
	 */
	int initialize(int desired);

	/**
	 * Records that a member is alive until a time, and forgets members whose heartbeat expired.
	 * @param member the member id
	 * @param now the current time
	 * @param expiresAt when the member counts as gone unless it heartbeats again
	 */
	void heartbeat(String member, Instant now, Instant expiresAt);

	/**
	 * Counts members whose heartbeat has not expired.
	 * @param now the current time
	 * @return the number of live members (at least those that heartbeat)
	 */
	int liveMembers(Instant now);

	/**
	 * Partitions nobody holds, or whose lease expired.
	 * @param now the current time
	 * @return the partition ids
	 */
	List<Integer> available(Instant now);

	/**
	 * Takes a partition if it is free or its lease expired, moving its epoch forward.
	 * @param partition the partition id
	 * @param member the new owner
	 * @param now the current time
	 * @param expiresAt the new lease's expiry
	 * @return the new epoch, or empty if another member holds it
	 */
	OptionalLong acquire(int partition, String member, Instant now, Instant expiresAt);

	/**
	 * Extends leases still held.
	 * @param member the owner
	 * @param held partition id to the epoch the owner holds
	 * @param expiresAt the new expiry
	 * @return the partitions whose lease was extended; the others are lost
	 */
	List<Integer> renew(String member, Map<Integer, Long> held, Instant expiresAt);

	/**
	 * Gives a partition up so another member can take it at once.
	 * @param partition the partition id
	 * @param member the owner
	 * @param epoch the epoch it holds
	 */
	void release(int partition, String member, long epoch);

	/**
	 * Removes a member's heartbeat (it is stopping).
	 * @param member the member id
	 */
	void leave(String member);

}
