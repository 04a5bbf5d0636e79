package dev.workflow;

import java.lang.reflect.Type;

/**
 * Turns payloads (inputs, outputs, event data, custom status) into JSON text and back.
 * The default is {@link JacksonDataConverter}; in Spring Boot, the application's JsonMapper is used.
 */
public interface DataConverter {

	/**
	 * Serializes a value.
	 * @param value the value, may be null
	 * @return JSON text, or null for a null value
	 * @throws IllegalArgumentException if the value cannot be serialized, saying why
	 */
	String serialize(Object value);

	/**
	 * Binds JSON text to a type.
	 * @param json the JSON text, may be null
	 * @param type the target type (a Class or a parameterized type)
	 * @param <T> the target type
	 * @return the value, null for null text
	 * @throws IllegalArgumentException if the text does not fit the type, saying why
	 */
	<T> T deserialize(String json, Type type);

}
