package dev.workflow;

import java.lang.reflect.Type;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link DataConverter} on a Jackson 3 {@link JsonMapper}. Values are bound to declared types;
 * no default typing and no Java serialization are involved.
 */
public final class JacksonDataConverter implements DataConverter {

	private final JsonMapper mapper;

	/**
	 * Uses a plain {@link JsonMapper}.
	 */
	public JacksonDataConverter() {
		this(JsonMapper.builder().findAndAddModules().build());
	}

	/**
	 * Uses the given mapper, so its modules and settings apply.
	 * @param mapper the mapper
	 */
	public JacksonDataConverter(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper");
	}

	@Override
	public String serialize(Object value) {
		if (value == null) {
			return null;
		}
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Cannot serialize a " + value.getClass().getName() + " to JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T deserialize(String json, Type type) {
		if (json == null || type == Void.class || type == void.class) {
			return null;
		}
		try {
			return (T) this.mapper.readValue(json, this.mapper.getTypeFactory().constructType(type));
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Cannot read JSON as " + type.getTypeName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
