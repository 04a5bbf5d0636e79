package dev.workflow.backend;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for what backends store of their own (history events, metadata, failure details, messages).
 * Independent of the application's mapper, so stored state reads back the same way whatever the
 * application configures. History events carry explicit type names; no default typing.
 */
public final class BackendJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private BackendJson() {
	}

	/**
	 * Writes a value as JSON.
	 * @param value the value, may be null
	 * @return the JSON text, or null for null
	 */
	public static String write(Object value) {
		return value == null ? null : MAPPER.writeValueAsString(value);
	}

	/**
	 * Reads JSON written by {@link #write}.
	 * @param json the JSON text, may be null
	 * @param type the type
	 * @param <T> the type
	 * @return the value, or null for null text
	 */
	public static <T> T read(String json, Class<T> type) {
		return json == null ? null : MAPPER.readValue(json, type);
	}

}
