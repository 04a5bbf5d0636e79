package dev.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's criteria types: purge criteria and the durabletask-named query setters. */
class ClientCriteriaTest {

	@Test
	void purgeCriteriaAcceptOnlyTerminalStatuses() {
		assertThat(new PurgeInstancesCriteria().effectiveStatuses()).containsExactlyInAnyOrder(
				WorkflowRuntimeStatus.COMPLETED, WorkflowRuntimeStatus.FAILED, WorkflowRuntimeStatus.CANCELED,
				WorkflowRuntimeStatus.TERMINATED);
		PurgeInstancesCriteria c = new PurgeInstancesCriteria()
			.setRuntimeStatusList(List.of(WorkflowRuntimeStatus.FAILED, WorkflowRuntimeStatus.FAILED));
		assertThat(c.effectiveStatuses()).containsExactly(WorkflowRuntimeStatus.FAILED);
		for (WorkflowRuntimeStatus s : List.of(WorkflowRuntimeStatus.RUNNING, WorkflowRuntimeStatus.PENDING,
				WorkflowRuntimeStatus.SUSPENDED, WorkflowRuntimeStatus.CONTINUED_AS_NEW)) {
			assertThatThrownBy(() -> new PurgeInstancesCriteria().setRuntimeStatus(s))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining(s.name())
				.hasMessageContaining("only finished instances");
		}
	}

	@Test
	void purgeTimeoutIsZeroOrPositive() {
		assertThat(new PurgeInstancesCriteria().getTimeout()).isNull();
		assertThat(new PurgeInstancesCriteria().setTimeout(Duration.ofSeconds(3)).getTimeout())
			.isEqualTo(Duration.ofSeconds(3));
		assertThatThrownBy(() -> new PurgeInstancesCriteria().setTimeout(Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("zero or positive");
	}

	@Test
	void queryTakesDurabletaskNames() {
		Instant from = Instant.parse("2026-01-01T00:00:00Z");
		WorkflowQuery q = new WorkflowQuery().setCreatedTimeFrom(from)
			.setCreatedTimeTo(from.plusSeconds(1))
			.setMaxInstanceCount(7)
			.setInstanceIdPrefix("order-")
			.setRuntimeStatusList(List.of(WorkflowRuntimeStatus.RUNNING, WorkflowRuntimeStatus.RUNNING));
		assertThat(q.getCreatedFrom()).isEqualTo(from);
		assertThat(q.getCreatedTo()).isEqualTo(from.plusSeconds(1));
		assertThat(q.getPageSize()).isEqualTo(7);
		assertThat(q.getInstanceIdPrefix()).isEqualTo("order-");
		assertThat(q.getRuntimeStatuses()).containsExactly(WorkflowRuntimeStatus.RUNNING);
		assertThat(q.setInstanceIdPrefix("").getInstanceIdPrefix()).isNull();
		// durabletask counts up from 0, which means the default page size
		assertThat(q.setMaxInstanceCount(0).getMaxInstanceCount()).isZero();
		assertThat(q.getPageSize()).isEqualTo(WorkflowQuery.DEFAULT_PAGE_SIZE);
		assertThat(q.setMaxInstanceCount(q.getMaxInstanceCount() + 1).getPageSize()).isEqualTo(1);
		assertThat(q.setPageSize(5).getMaxInstanceCount()).isEqualTo(5);
		assertThatThrownBy(() -> q.setMaxInstanceCount(-1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("between 0");
	}

}
