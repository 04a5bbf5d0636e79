package dev.workflow.spring.boot.autoconfigure.ui;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is asking and what they may do. Two kinds: one backed by Spring Security
 * ({@link SpringSecurityUiAccess}) and one for an explicitly allowed, loopback-only dashboard
 * without it. Both hand out the dashboard's own action token, which every action must send back in
 * {@value #TOKEN_HEADER}: it is derived from a per-process secret and the user, so another site can
 * neither read nor forge it. It is checked in addition to Spring Security's CSRF token, so actions
 * stay protected when an application turns CSRF off or exempts the dashboard's path.
 */
abstract class UiAccess {

	/** The header that carries the dashboard's action token. */
	static final String TOKEN_HEADER = "X-Workflow-UI-Token";

	private final byte[] secret = new byte[32];

	UiAccess() {
		new SecureRandom().nextBytes(this.secret);
	}

	/**
	 * The signed-in user.
	 * @param request the request
	 * @return the user's name, or null when nobody is signed in (the request is refused)
	 */
	abstract String user(HttpServletRequest request);

	/**
	 * Whether the user may act (read-only mode aside).
	 * @param request the request of a signed-in user
	 * @return true if the user has the action role
	 */
	abstract boolean mayAct(HttpServletRequest request);

	/**
	 * Why a user may not act, for the error message.
	 * @return what is missing
	 */
	abstract String missingPermission();

	/**
	 * Spring Security's CSRF token of this request, for the page to send with its actions.
	 * @param request the request
	 * @return the header name and token, or an empty map when there is none
	 */
	abstract Map<String, String> csrfToken(HttpServletRequest request);

	/**
	 * The dashboard's action token for a user.
	 * @param user the user's name
	 * @return the token
	 */
	final String actionToken(String user) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			byte[] digest = mac.doFinal(user.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}

	/**
	 * Whether a request carries the user's action token.
	 * @param request the request
	 * @param user the signed-in user
	 * @return true if the token matches
	 */
	final boolean hasActionToken(HttpServletRequest request, String user) {
		String sent = request.getHeader(TOKEN_HEADER);
		return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
				actionToken(user).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Access without Spring Security: the auto-configuration creates it only when it was allowed
	 * and the server listens on loopback only, so whoever reaches it is on this machine.
	 */
	static final class Unsecured extends UiAccess {

		@Override
		String user(HttpServletRequest request) {
			return "local";
		}

		@Override
		boolean mayAct(HttpServletRequest request) {
			return true;
		}

		@Override
		String missingPermission() {
			return "";
		}

		@Override
		Map<String, String> csrfToken(HttpServletRequest request) {
			return Map.of();
		}

	}

}
