package dev.workflow.sample;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard with {@code dapr.workflow.ui.read-only=true} (the library's default): the page
 * shows no actions, and the API refuses them even with every token, so a crafted request cannot act.
 * With a short {@code stuck-after}, the overview lists an order waiting for approval as stuck.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=ui-viewer", "spring.security.user.password=ui-secret-7",
				"dapr.workflow.ui.read-only=true", "dapr.workflow.ui.stuck-after=1s",
				"dapr.workflow.backend-configuration.url=jdbc:h2:file:./target/dashboard-ro-${random.uuid}" })
class DashboardReadOnlyBrowserTests {

	@Value("${local.server.port}")
	int port;

	@Test
	@SuppressWarnings("unchecked")
	void readOnlyHidesAndRefusesActionsAndTheWaitingOrderTurnsStuck() throws Exception {
		SampleHttp api = new SampleHttp(this.port);
		String id = api.place("{\"item\": \"laptop\", \"quantity\": 1, \"amount\": 1300}");
		api.awaitOrder(id, "RUNNING", "AWAITING_APPROVAL");
		try (DashboardBrowser browser = new DashboardBrowser(this.port)) {
			browser.open("/workflows-ui/#/instance/" + id);
			browser.signIn("ui-viewer", "ui-secret-7");
			browser.waitUntil((d) -> d.getCurrentUrl().contains("/workflows-ui"));
			browser.open("/workflows-ui/#/instance/" + id);
			assertThat(browser.waitFor(By.id("read-only-hint")).getText()).contains("Read-only");
			assertThat(browser.waitFor(By.id("read-only")).getText()).isEqualTo("read-only");
			browser.waitFor(By.id("timeline"));
			assertThat(browser.all("#action-terminate, #event-send, #action-purge")).isEmpty();
		}
		// the API refuses even a request that carries both of the session's tokens
		DashboardApi dashboard = new DashboardApi(this.port, "ui-viewer:ui-secret-7");
		assertThat(dashboard.session()).containsEntry("readOnly", true).containsEntry("mayAct", false);
		var refused = dashboard.act(id, "terminate", true, true);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("read-only");
		// waiting for its approval, the order makes no progress: after stuck-after it is listed as stuck
		Thread.sleep(1500);
		Map<String, Object> overview = dashboard.get("overview");
		assertThat((List<Map<String, Object>>) overview.get("stuck")).extracting((row) -> row.get("instanceId"))
			.contains(id);
		assertThat(((Map<String, Object>) overview.get("byStatus")).get("RUNNING")).isEqualTo(1);
		assertThat(api.read(api.send("GET", "/orders/" + id, null)).get("runtimeStatus")).isEqualTo("RUNNING");
	}

}
