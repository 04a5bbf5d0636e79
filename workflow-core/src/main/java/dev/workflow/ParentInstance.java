package dev.workflow;

import java.util.Objects;

/**
 * The workflow instance that started this one as a child, as seen from the child through
 * {@link WorkflowContext#getParentInstance()}.
 */
public final class ParentInstance {

	private final String name;

	private final String instanceId;

	private final String appId;

	/**
	 * Describes a parent.
	 * @param name the parent's workflow name, may be null when the child was started by a version
	 * that did not record it
	 * @param instanceId the parent's instance id
	 * @param appId the app that hosts the parent, or null when not known
	 */
	public ParentInstance(String name, String instanceId, String appId) {
		this.name = name;
		this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
		this.appId = appId;
	}

	/**
	 * The parent's workflow name.
	 * @return the name, or null for a child started before parent names were recorded
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The parent's instance id.
	 * @return the instance id
	 */
	public String getInstanceId() {
		return this.instanceId;
	}

	/**
	 * The app that hosts the parent, where several apps share one backend.
	 * @return the app id, or null when not known
	 */
	public String getAppId() {
		return this.appId;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ParentInstance p && Objects.equals(this.name, p.name)
				&& this.instanceId.equals(p.instanceId) && Objects.equals(this.appId, p.appId);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.instanceId, this.appId);
	}

	@Override
	public String toString() {
		return "ParentInstance[name=" + this.name + ", instanceId=" + this.instanceId + ", appId=" + this.appId + "]";
	}

}
