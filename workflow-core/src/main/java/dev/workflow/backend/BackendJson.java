package dev.workflow.backend;

import java.util.List;

import dev.workflow.history.HistoryEvent;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for what backends store of their own (history events, metadata, failure details, messages).
 * Independent of the application's mapper, so stored state reads back the same way whatever the
 * application configures. History events carry explicit type names; no default typing.
 */
public final class BackendJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		// the same ISO text as Jackson's default, without DateTimeFormatter's cost on every event
		.addModule(InstantText.module())
		.build();

	private static final ObjectWriter HISTORY_WRITER = MAPPER
		.writerFor(new TypeReference<List<HistoryEvent>>() {
		});

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
	 * Writes a history as a JSON array, each event with its type name.
	 * @param events the events
	 * @return the JSON text
	 */
	public static String writeHistory(List<HistoryEvent> events) {
		return HISTORY_WRITER.writeValueAsString(events);
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
