package dev.workflow.sample;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may do what. The shop's public side is open: placing an order and reading it. Health is
 * open so load balancers and orchestrators can probe it. Everything else needs a signed-in user:
 * approving orders, the {@code workflows} actuator endpoint (it can raise events, terminate and
 * purge, and shows inputs, outputs and stack traces), metrics, the workflow dashboard at
 * {@code /workflows-ui} (its actions also need the role WORKFLOW_ADMIN, which application.yml gives
 * the demo user, and its page sends Spring Security's CSRF token), and whatever is added later,
 * because the last rule denies by default.
 * <p>
 * The user is Spring Boot's own: {@code spring.security.user.name} and {@code .password}
 * (application.yml sets a demo user). Both HTTP Basic (for curl and scripts) and form login (for
 * a browser) work, as with Boot's defaults.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			// An error page shows the outcome of a request that was already let through (say, a
			// 400 for a malformed order); without this, that outcome would turn into a 401.
			.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(EndpointRequest.to("health"))
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/orders")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/orders/*")
			.permitAll()
			.anyRequest()
			.authenticated());
		http.httpBasic(Customizer.withDefaults());
		http.formLogin(Customizer.withDefaults());
		// The actuator and the order API are called by scripts with HTTP Basic, which carry no CSRF
		// token. Their writes accept JSON bodies only, which a cross-site HTML form cannot send,
		// so skipping the token there keeps them safe; browser pages keep the token check.
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint(),
				PathPatternRequestMatcher.withDefaults().matcher("/orders/**")));
		return http.build();
	}

}
