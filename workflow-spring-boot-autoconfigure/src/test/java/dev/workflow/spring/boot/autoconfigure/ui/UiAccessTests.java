package dev.workflow.spring.boot.autoconfigure.ui;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see and who may act, with Spring Security's own authentication objects in its context.
 */
class UiAccessTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	private static void signIn(String user, String... roles) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, "n/a",
					Arrays.stream(roles).map((r) -> new SimpleGrantedAuthority("ROLE_" + r)).toList()));
	}

	@Test
	void anonymousIsNobody() {
		SpringSecurityUiAccess access = new SpringSecurityUiAccess("WORKFLOW_ADMIN");
		assertThat(access.user(this.request)).isNull();
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
					List.of(new SimpleGrantedAuthority("ROLE_ANONYMOUS"))));
		assertThat(access.user(this.request)).isNull();
		assertThat(access.mayAct(this.request)).isFalse();
	}

	@Test
	void actionsNeedTheRole() {
		SpringSecurityUiAccess access = new SpringSecurityUiAccess("WORKFLOW_ADMIN");
		signIn("viewer", "USER");
		assertThat(access.user(this.request)).isEqualTo("viewer");
		assertThat(access.mayAct(this.request)).isFalse();
		assertThat(access.missingPermission()).contains("WORKFLOW_ADMIN").contains("dapr.workflow.ui.action-role");
		signIn("admin", "USER", "WORKFLOW_ADMIN");
		assertThat(access.mayAct(this.request)).isTrue();
	}

	@Test
	void anEmptyRoleLetsEverySignedInUserAct() {
		SpringSecurityUiAccess access = new SpringSecurityUiAccess("");
		signIn("viewer");
		assertThat(access.mayAct(this.request)).isTrue();
	}

	@Test
	void theActionTokenIsPerUserAndPerProcess() {
		SpringSecurityUiAccess access = new SpringSecurityUiAccess("");
		String alice = access.actionToken("alice");
		assertThat(alice).isNotEqualTo(access.actionToken("bob"));
		assertThat(alice).isNotEqualTo(new SpringSecurityUiAccess("").actionToken("alice"));
		this.request.addHeader(UiAccess.TOKEN_HEADER, alice);
		assertThat(access.hasActionToken(this.request, "alice")).isTrue();
		assertThat(access.hasActionToken(this.request, "bob")).isFalse();
		assertThat(access.hasActionToken(new MockHttpServletRequest(), "alice")).isFalse();
	}

}
