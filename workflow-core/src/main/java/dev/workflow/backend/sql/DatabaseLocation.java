package dev.workflow.backend.sql;

import java.util.Locale;

import dev.workflow.backend.JdbcUrls;

/**
 * Where a database is, as the startup line shows it: the product and the JDBC url without its
 * scheme, credentials and options ({@code PostgreSQL 127.0.0.1:5432/orders},
 * {@code H2 file:./data/wf}, {@code SQLite :memory:}).
 */
final class DatabaseLocation {

	private DatabaseLocation() {
	}

	/**
	 * The location of an open database, read from its connection's metadata.
	 * @param db the database
	 * @param productName the product, as the dialect names it
	 * @return the product and where it is; the product alone when the url cannot be read
	 */
	static String of(Database db, String productName) {
		try {
			return of(productName, db.run(c -> c.getMetaData().getURL()));
		}
		catch (java.sql.SQLException | RuntimeException ex) {
			return productName;
		}
	}

	/**
	 * The location a url names.
	 * @param productName the product
	 * @param url the JDBC url, may be null
	 * @return the product and where it is
	 */
	static String of(String productName, String url) {
		if (url == null || url.isBlank()) {
			return productName;
		}
		String where = url.trim();
		if (where.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
			where = where.substring(5);
			int vendorEnd = where.indexOf(':');
			where = vendorEnd < 0 ? "" : where.substring(vendorEnd + 1);
		}
		if (where.startsWith("//")) {
			where = where.substring(2);
			int at = where.lastIndexOf('@', firstOf(where, '/', where.length()));
			if (at >= 0) {
				where = where.substring(at + 1); // user and password
			}
		}
		// options carry passwords and noise: PostgreSQL's after '?', H2's after ';'
		int options = Math.min(firstOf(where, '?', where.length()), firstOf(where, ';', where.length()));
		where = JdbcUrls.mask(where.substring(0, options));
		if (where.startsWith("async:")) {
			where = "file:" + where.substring(6); // H2's asynchronous file access is still a file
		}
		return where.isEmpty() ? productName : productName + " " + where;
	}

	private static int firstOf(String text, char c, int otherwise) {
		int i = text.indexOf(c);
		return i < 0 ? otherwise : i;
	}

}
