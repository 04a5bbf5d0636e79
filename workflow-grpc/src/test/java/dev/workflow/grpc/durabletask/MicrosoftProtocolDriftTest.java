package dev.workflow.grpc.durabletask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService;
import com.microsoft.durabletask.implementation.protobuf.TaskHubSidecarServiceGrpc;
import io.grpc.ServerMethodDefinition;
import org.junit.jupiter.api.Test;

import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our Microsoft-flavour {@code .proto} against the descriptor embedded in
 * {@code com.microsoft:durabletask-client} 1.5.0, field by field: every message, enum and field
 * must exist on both sides with the same name, number, type and cardinality (proto package aside,
 * which never travels on the wire), and the hand-written service definition must serve exactly
 * upstream's method paths with their streaming kinds.
 */
class MicrosoftProtocolDriftTest {

	private static final FileDescriptor UPSTREAM = OrchestratorService.getDescriptor();

	private static final FileDescriptor OURS = MicrosoftOrchestratorService.getDescriptor();

	@Test
	void everyMessageAndFieldMatchesUpstream() {
		assertThat(shapes(OURS)).isEqualTo(shapes(UPSTREAM));
	}

	@Test
	void everyEnumValueMatchesUpstream() {
		assertThat(enums(OURS)).isEqualTo(enums(UPSTREAM));
	}

	@Test
	void theServiceDeclaresUpstreamsMethodsWithTheirTypes() {
		assertThat(methods(OURS.getServices().get(0))).isEqualTo(methods(UPSTREAM.getServices().get(0)));
	}

	@Test
	void theServedMethodPathsAreUpstreamsPackageLessPaths() {
		Map<String, String> upstream = new TreeMap<>();
		for (io.grpc.MethodDescriptor<?, ?> method : TaskHubSidecarServiceGrpc.getServiceDescriptor().getMethods()) {
			upstream.put(method.getFullMethodName(), method.getType().name());
		}
		Map<String, String> served = new TreeMap<>();
		for (ServerMethodDefinition<?, ?> method : DurableTaskServiceDefinition.bind(new MicrosoftTaskHubService(null, null, null))
			.getMethods()) {
			served.put(method.getMethodDescriptor().getFullMethodName(), method.getMethodDescriptor().getType().name());
		}
		assertThat(served).isEqualTo(upstream);
		assertThat(served).containsKey("TaskHubSidecarService/GetWorkItems");
	}

	@Test
	void theFlavourHasItsOwnProtoPackageAndFileName() {
		assertThat(UPSTREAM.getPackage()).isEmpty();
		assertThat(OURS.getPackage()).isEqualTo("workflow.durabletask.microsoft");
		assertThat(OURS.getName()).isNotEqualTo(UPSTREAM.getName());
	}

	/** Each message (nested ones by dotted name) to its fields as "number name type cardinality oneof". */
	private static Map<String, List<String>> shapes(FileDescriptor file) {
		Map<String, List<String>> shapes = new TreeMap<>();
		for (Descriptor message : file.getMessageTypes()) {
			collect(message, "", shapes);
		}
		return shapes;
	}

	private static void collect(Descriptor message, String prefix, Map<String, List<String>> shapes) {
		String name = prefix + message.getName();
		List<String> fields = new ArrayList<>();
		for (FieldDescriptor field : message.getFields()) {
			String type = switch (field.getJavaType()) {
				case MESSAGE -> localName(field.getMessageType().getFullName(), field.getMessageType().getFile());
				case ENUM -> localName(field.getEnumType().getFullName(), field.getEnumType().getFile());
				default -> field.getType().name();
			};
			String oneof = field.getRealContainingOneof() != null ? " oneof " + field.getRealContainingOneof().getName()
					: "";
			fields.add(field.getNumber() + " " + field.getName() + " " + field.getType().name() + " " + type + " "
					+ (field.isRepeated() ? "repeated" : "single") + oneof);
		}
		shapes.put(name, fields);
		for (Descriptor nested : message.getNestedTypes()) {
			collect(nested, name + ".", shapes);
		}
	}

	private static Map<String, List<String>> enums(FileDescriptor file) {
		Map<String, List<String>> enums = new TreeMap<>();
		List<EnumDescriptor> all = new ArrayList<>(file.getEnumTypes());
		for (Descriptor message : file.getMessageTypes()) {
			all.addAll(message.getEnumTypes());
		}
		for (EnumDescriptor type : all) {
			List<String> values = new ArrayList<>();
			for (EnumValueDescriptor value : type.getValues()) {
				values.add(value.getNumber() + " " + value.getName());
			}
			enums.put(localName(type.getFullName(), type.getFile()), values);
		}
		return enums;
	}

	private static Map<String, String> methods(ServiceDescriptor service) {
		Map<String, String> methods = new TreeMap<>();
		for (MethodDescriptor method : service.getMethods()) {
			methods.put(method.getName(),
					localName(method.getInputType().getFullName(), method.getInputType().getFile()) + " -> "
							+ localName(method.getOutputType().getFullName(), method.getOutputType().getFile())
							+ (method.isServerStreaming() ? " (server stream)" : "")
							+ (method.isClientStreaming() ? " (client stream)" : ""));
		}
		assertThat(service.getName()).isEqualTo("TaskHubSidecarService");
		return methods;
	}

	/** A type's name without its file's proto package (google.protobuf types keep theirs). */
	private static String localName(String fullName, FileDescriptor file) {
		String pkg = file.getPackage();
		if (pkg.isEmpty() || pkg.startsWith("google.")) {
			return fullName;
		}
		return fullName.substring(pkg.length() + 1);
	}

}
