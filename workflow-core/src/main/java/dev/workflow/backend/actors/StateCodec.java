package dev.workflow.backend.actors;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for the backend's own records (history events, metadata, reminder messages). Private to the
 * backend, independent of the application's mapper, so stored state reads back the same way
 * whatever the application configures.
 */
final class StateCodec {

	static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private StateCodec() {
	}

	static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	static <T> T read(String json, Class<T> type) {
		return json == null ? null : MAPPER.readValue(json, type);
	}

}
