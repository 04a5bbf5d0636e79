package dev.workflow.backend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials in JDBC urls never reach a message; everything else of the url does.
 */
class JdbcUrlsTest {

	@Test
	void passwordParametersAreMaskedInEveryVendorsSyntax() {
		assertThat(JdbcUrls.mask("jdbc:postgresql://db:5432/app?user=app&password=p%40ss&ssl=true"))
			.isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=******&ssl=true");
		assertThat(JdbcUrls.mask("jdbc:h2:file:./data/orders;USER=sa;PASSWORD=top secret"))
			.isEqualTo("jdbc:h2:file:./data/orders;USER=sa;PASSWORD=******");
		assertThat(JdbcUrls.mask("jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=x;encrypt=true"))
			.isEqualTo("jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=******;encrypt=true");
		assertThat(JdbcUrls.mask("jdbc:postgresql://db/app?sslpassword=k1&PWD=k2&apiToken=k3&clientSecret=k4"))
			.isEqualTo("jdbc:postgresql://db/app?sslpassword=******&PWD=******&apiToken=******&clientSecret=******");
	}

	@Test
	void userInfoAndOracleCredentialsAreMasked() {
		assertThat(JdbcUrls.mask("jdbc:mysql://app:s3cret@db:3306/orders"))
			.isEqualTo("jdbc:mysql://app:******@db:3306/orders");
		assertThat(JdbcUrls.mask("jdbc:oracle:thin:scott/tiger@db:1521/orcl"))
			.isEqualTo("jdbc:oracle:thin:scott/******@db:1521/orcl");
	}

	@Test
	void urlsWithoutCredentialsAndOtherTextAreUnchanged() {
		for (String text : new String[] { "jdbc:postgresql://127.0.0.1:5432/workflow_test", "jdbc:h2:file:./data/orders",
				"jdbc:sqlite:file:./data/workflows.db?journal_mode=WAL", "jdbc:oracle:thin:@db:1521/orcl",
				"Invalid table-prefix '1-bad': it must be an SQL identifier", "", "no url here" }) {
			assertThat(JdbcUrls.mask(text)).isEqualTo(text);
		}
		assertThat(JdbcUrls.mask(null)).isNull();
	}

	@Test
	void everyUrlQuotedInAMessageIsMasked() {
		assertThat(JdbcUrls.mask("Cannot connect to the workflow database 'jdbc:h2:tcp://h/x;PASSWORD=a1': "
				+ "url was \"jdbc:mysql://u:b2@h/x\""))
			.isEqualTo("Cannot connect to the workflow database 'jdbc:h2:tcp://h/x;PASSWORD=******': "
					+ "url was \"jdbc:mysql://u:******@h/x\"");
	}

}
