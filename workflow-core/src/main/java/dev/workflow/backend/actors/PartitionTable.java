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
	 * Where the partitions of apps start: partitions below are those of work without an app id
	 * (created by {@link #initialize}), ranges from here on those of apps (created by
	 * {@link #initializeRange} when a member first hosts an app).
	 */
	int APP_RANGES_START = 1 << 20;

	/**
	 * Creates the partition rows on first use; afterwards the stored count is in force.
	 * @param desired the partition count to create if the table is empty
	 * @return the partition count in force
	 */
	int initialize(int desired);

	/**
	 * Creates the partition rows of an app's range unless they exist.
	 * @param first the range's first partition, at least {@link #APP_RANGES_START}
	 * @param count how many partitions the range has (the count in force)
	 */
	default void initializeRange(int first, int count) {
		throw new UnsupportedOperationException(getClass().getName() + " has no partitions for apps; "
				+ "run replicas without app ids on it, or implement initializeRange and liveMemberIds");
	}

	/**
	 * The ids of the members whose heartbeat has not expired. A member heartbeats once for the
	 * partitions of work without an app id (its id) and once per app range it hosts ({@code
	 * id@range}), so the members of each range can be counted.
	 * @param now the current time
	 * @return the live heartbeat ids
	 */
	default List<String> liveMemberIds(Instant now) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot list its members; "
				+ "implement liveMemberIds");
	}

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
