package dev.workflow.spring.boot.autoconfigure.ui;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * Access through Spring Security: the user is the authenticated principal (anonymous counts as
 * nobody, so the dashboard stays closed even where an application's rules permit its path), and
 * actions need the configured role.
 */
final class SpringSecurityUiAccess extends UiAccess {

	private final String actionAuthority;

	SpringSecurityUiAccess(String actionRole) {
		this.actionAuthority = (actionRole == null || actionRole.isBlank()) ? null : "ROLE_" + actionRole;
	}

	@Override
	String user(HttpServletRequest request) {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return auth.getName();
	}

	@Override
	boolean mayAct(HttpServletRequest request) {
		if (user(request) == null) {
			return false;
		}
		if (this.actionAuthority == null) {
			return true;
		}
		for (GrantedAuthority authority : SecurityContextHolder.getContext().getAuthentication().getAuthorities()) {
			if (this.actionAuthority.equals(authority.getAuthority())) {
				return true;
			}
		}
		return false;
	}

	@Override
	String missingPermission() {
		if (this.actionAuthority == null) {
			return "a signed-in user";
		}
		return "the role " + this.actionAuthority.substring("ROLE_".length())
				+ " (dapr.workflow.ui.action-role; empty allows every signed-in user)";
	}

	@Override
	Map<String, String> csrfToken(HttpServletRequest request) {
		Object attribute = request.getAttribute(CsrfToken.class.getName());
		if (attribute instanceof CsrfToken token) {
			return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
		}
		return Map.of();
	}

}
