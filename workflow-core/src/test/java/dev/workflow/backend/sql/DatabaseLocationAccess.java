package dev.workflow.backend.sql;

/** Opens {@link DatabaseLocation} to tests in other packages. */
public final class DatabaseLocationAccess {

	private DatabaseLocationAccess() {
	}

	/**
	 * See {@link DatabaseLocation#of(String, String)}.
	 * @param productName the product
	 * @param url the url
	 * @return the location
	 */
	public static String of(String productName, String url) {
		return DatabaseLocation.of(productName, url);
	}

}
