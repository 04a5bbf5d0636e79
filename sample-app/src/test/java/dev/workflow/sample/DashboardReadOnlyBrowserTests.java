package dev.workflow.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard with {@code dapr.workflow.ui.read-only=true} (the library's default): the page
 * shows no actions, and the API refuses them even with every token, so a crafted request cannot act.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=ui-viewer", "spring.security.user.password=ui-secret-7",
				"dapr.workflow.ui.read-only=true",
				"dapr.workflow.backend-configuration.url=jdbc:h2:file:./target/dashboard-ro-${random.uuid}" })
class DashboardReadOnlyBrowserTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void readOnlyHidesAndRefusesActions() throws Exception {
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
		assertThat(api.read(api.send("GET", "/orders/" + id, null)).get("runtimeStatus")).isEqualTo("RUNNING");
	}

}
