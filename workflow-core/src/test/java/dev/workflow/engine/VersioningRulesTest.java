package dev.workflow.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.JacksonDataConverter;
import dev.workflow.WorkflowDefinitionException;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.ExecutionStalled;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.WorkflowStarted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The versioning rules without a backend: how histories record versions and patches (and read
 * histories written before versioning), which registrations are valid, and which version a turn runs.
 */
class VersioningRulesTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final WorkflowFunction<Object, Object> RETURNS_ONE = (ctx, in) -> 1;

	private static WorkflowRegistry.RegisteredWorkflow workflow(String version, boolean latest, String source) {
		return new WorkflowRegistry.RegisteredWorkflow("w", RETURNS_ONE, Object.class, source, version, latest);
	}

	@Test
	void historyWrittenBeforeVersioningReadsWithoutVersionOrPatches() {
		HistoryEvent[] read = BackendJson.read("[{\"type\":\"WorkflowStarted\",\"timestamp\":\"2026-01-01T00:00:00Z\"}]",
				HistoryEvent[].class);
		assertThat(read).containsExactly(new WorkflowStarted(T0));
		assertThat(((WorkflowStarted) read[0]).patches()).isEmpty();
		assertThat(((WorkflowStarted) read[0]).version()).isNull();
	}

	@Test
	void turnMarkerWithoutDecisionsIsWrittenAsBeforeAndOneWithThemRoundTrips() {
		assertThat(BackendJson.writeHistory(List.of(new WorkflowStarted(T0)))).doesNotContain("version", "patches");
		List<HistoryEvent> recorded = List.of(new WorkflowStarted(T0, "2", List.of("p1", "p2")),
				new ExecutionStalled(T0, "VERSION_NOT_REGISTERED", "why"));
		assertThat(BackendJson.read(BackendJson.writeHistory(recorded), HistoryEvent[].class))
			.containsExactlyElementsOf(recorded);
	}

	@Test
	void registryRejectsBadAndDuplicateVersionsAndNeedsOneLatest() {
		WorkflowRegistry registry = new WorkflowRegistry();
		assertThatThrownBy(() -> registry.add(workflow("two words", true, "a")))
			.isInstanceOf(WorkflowDefinitionException.class)
			.hasMessageContaining("Invalid version 'two words'");
		registry.add(workflow("1", false, "a"));
		registry.checkVersions(); // one registration is its own latest
		assertThat(registry.workflow("w").version()).isEqualTo("1");
		assertThatThrownBy(() -> registry.add(workflow("1", true, "b")))
			.isInstanceOf(WorkflowDefinitionException.class)
			.hasMessageContaining("version '1'")
			.hasMessageContaining("a and by b");
		registry.add(workflow("2", true, "b"));
		registry.add(workflow("3", true, "c"));
		assertThat(registry.workflow("w")).isNull();
		assertThatThrownBy(registry::checkVersions).isInstanceOf(WorkflowDefinitionException.class)
			.hasMessageContaining("'2' latest by b")
			.hasMessageContaining("'3' latest by c")
			.hasMessageContaining("exactly one must be marked latest");
	}

	@Test
	void firstTurnRecordsTheLatestVersionAndLaterTurnsRunTheRecordedOne() {
		WorkflowRegistry registry = new WorkflowRegistry();
		registry.add(workflow("1", false, "a"));
		registry.add(workflow("2", true, "b"));
		ExecutionStarted start = new ExecutionStarted(T0, "w", "i", "e", null, null, null);
		assertThat(RunVersion.choose(registry, "i", start, List.of()).toRecord()).isEqualTo("2");
		RunVersion later = RunVersion.choose(registry, "i", start,
				List.of(new WorkflowStarted(T0, "1", List.of()), start, new WorkflowStarted(T0)));
		assertThat(later.workflow().version()).isEqualTo("1");
		assertThat(later.toRecord()).isNull();
		// a history from before versioning ran without a version; this runtime has none such
		RunVersion old = RunVersion.choose(registry, "i", start, List.of(new WorkflowStarted(T0), start));
		assertThat(old.workflow()).isNull();
		assertThat(old.stalled()).contains("without a version", "'1'", "'2'");
	}

	@Test
	void firstTurnTakesTheVersionTheClientAskedForOrStallsWithoutIt() {
		WorkflowRegistry registry = new WorkflowRegistry();
		registry.add(workflow("1", false, "a"));
		registry.add(workflow("2", true, "b"));
		ExecutionStarted askedFor1 = new ExecutionStarted(T0, "w", "i", "e", null, null, null, null, "1");
		RunVersion first = RunVersion.choose(registry, "i", askedFor1, List.of());
		assertThat(first.workflow().version()).isEqualTo("1");
		assertThat(first.toRecord()).isEqualTo("1");
		ExecutionStarted askedFor9 = new ExecutionStarted(T0, "w", "i", "e", null, null, null, null, "9");
		RunVersion missing = RunVersion.choose(registry, "i", askedFor9, List.of());
		assertThat(missing.workflow()).isNull();
		assertThat(missing.stalled()).contains("'9'", "STALLED");
	}

	@Test
	void executorStallsARunWhoseVersionIsGoneAndKeepsItsEvents() {
		WorkflowRegistry registry = new WorkflowRegistry();
		registry.add(workflow("2", true, "b"));
		WorkflowExecutor executor = new WorkflowExecutor(registry, new JacksonDataConverter(), 1 << 20,
				Clock.systemUTC());
		ExecutionStarted start = new ExecutionStarted(T0, "w", "i", "e", null, null, null);
		HistoryEvent raised = new dev.workflow.history.EventRaised(T0, "go", "\"x\"");
		WorkflowTurnCommit turn = executor.execute("i",
				List.of(new WorkflowStarted(T0, "1", List.of()), start), List.of(raised));
		assertThat(turn.status()).isEqualTo(WorkflowRuntimeStatus.STALLED);
		assertThat(turn.historyToAppend()).contains(raised);
		assertThat(turn.historyToAppend().get(turn.historyToAppend().size() - 1)).isInstanceOf(ExecutionStalled.class);
		assertThat(turn.activities()).isEmpty();
		// a retry that stalls again records nothing; one on a runtime with the version runs
		List<HistoryEvent> stalledHistory = new java.util.ArrayList<>(List.of(new WorkflowStarted(T0, "1", List.of()), start));
		stalledHistory.addAll(turn.historyToAppend());
		List<HistoryEvent> retry = List.of(new dev.workflow.history.StallRetried(T0));
		WorkflowTurnCommit again = executor.execute("i", stalledHistory, retry);
		assertThat(again.status()).isEqualTo(WorkflowRuntimeStatus.STALLED);
		assertThat(again.historyToAppend()).isEmpty();
		registry.add(workflow("1", false, "a"));
		WorkflowTurnCommit resumed = executor.execute("i", stalledHistory, retry);
		assertThat(resumed.status()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
	}

	@Test
	void patchAnswersFollowDaprsRuleAndHoldForTheTurn() {
		Patches patches = new Patches();
		patches.readRecorded(List.of(new WorkflowStarted(T0, null, List.of("recorded"))));
		assertThat(patches.isPatched("recorded", true)).isTrue();
		assertThat(patches.isPatched("passed", true)).isFalse();
		assertThat(patches.isPatched("passed", false)).isFalse();
		assertThat(patches.isPatched("new", false)).isTrue();
		assertThat(patches.isPatched("new", true)).isTrue();
		assertThat(patches.applied()).containsExactly("new");
		assertThatThrownBy(() -> patches.isPatched(" ", false)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not blank");
		assertThatThrownBy(() -> patches.isPatched(null, false)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void codeThatLacksARecordedPatchStallsAndCodeThatHasItGoesOn() {
		WorkflowFunction<Object, Object> old = (ctx, in) -> ctx.waitForExternalEvent("go", String.class).await();
		WorkflowFunction<Object, Object> patched = (ctx, in) -> {
			String prefix = ctx.isPatched("p") ? "patched:" : "old:";
			return prefix + ctx.waitForExternalEvent("go", String.class).await();
		};
		List<HistoryEvent> past = List.of(new WorkflowStarted(T0, null, List.of("p")),
				new ExecutionStarted(T0, "w", "i", "e", null, null, null));
		List<HistoryEvent> raised = List.of(new dev.workflow.history.EventRaised(T0, "go", "\"x\""));
		WorkflowTurnCommit stalled = executorFor(old).execute("i", past, raised);
		assertThat(stalled.status()).isEqualTo(WorkflowRuntimeStatus.STALLED);
		ExecutionStalled mark = (ExecutionStalled) stalled.historyToAppend().get(stalled.historyToAppend().size() - 1);
		assertThat(mark.reason()).isEqualTo(RunVersion.PATCH_MISMATCH);
		assertThat(mark.description()).contains("[p]", "'w'");
		WorkflowTurnCommit done = executorFor(patched).execute("i", past, raised);
		assertThat(done.status()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(done.update().output()).isEqualTo("\"patched:x\"");
	}

	private static WorkflowExecutor executorFor(WorkflowFunction<Object, Object> fn) {
		WorkflowRegistry registry = new WorkflowRegistry();
		registry.add(new WorkflowRegistry.RegisteredWorkflow("w", fn, Object.class, "test"));
		return new WorkflowExecutor(registry, new JacksonDataConverter(), 1 << 20, Clock.systemUTC());
	}

}
