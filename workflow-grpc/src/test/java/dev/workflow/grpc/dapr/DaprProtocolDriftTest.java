package dev.workflow.grpc.dapr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import org.junit.jupiter.api.Test;

import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService;

/**
 * Compares our Dapr-flavour {@code .proto} with the descriptor generated into the Dapr SDK's jar
 * (io.dapr:durabletask-client, what dapr-sdk-workflows 1.16.0 speaks): every message, field (number,
 * name, type, label, message/enum type), enum value and RPC must be the same, so that a drift of
 * either side fails here rather than on the wire.
 */
class DaprProtocolDriftTest {

	private static final FileDescriptor OURS = DaprOrchestratorService.getDescriptor();

	private static final FileDescriptor SDK = io.dapr.durabletask.implementation.protobuf.OrchestratorService
		.getDescriptor();

	@Test
	void sameProtoPackageSoTheGrpcMethodPathsMatch() {
		assertThat(OURS.getPackage()).isEqualTo(SDK.getPackage());
		assertThat(OURS.findServiceByName("TaskHubSidecarService").getFullName())
			.isEqualTo(SDK.findServiceByName("TaskHubSidecarService").getFullName());
	}

	@Test
	void everyMessageHasTheSameFields() {
		assertThat(describeMessages(OURS)).isEqualTo(describeMessages(SDK));
	}

	@Test
	void everyEnumHasTheSameValues() {
		assertThat(describeEnums(OURS)).isEqualTo(describeEnums(SDK));
	}

	@Test
	void everyRpcHasTheSameShape() {
		assertThat(describeServices(OURS)).isEqualTo(describeServices(SDK));
	}

	@Test
	void theComparisonSeesTheMessagesItCompares() {
		// guards the test itself: an empty description would compare equal
		assertThat(describeMessages(SDK)).containsKeys("HistoryEvent", "OrchestratorAction", "WorkItem",
				"OrchestratorRequest", "OrchestratorResponse", "ActivityRequest", "ActivityResponse");
		assertThat(describeMessages(SDK).get("HistoryEvent")).anyMatch(f -> f.startsWith("30 router "));
	}

	private static Map<String, List<String>> describeMessages(FileDescriptor file) {
		Map<String, List<String>> out = new TreeMap<>();
		for (Descriptor d : file.getMessageTypes()) {
			describe(d, out);
		}
		return out;
	}

	private static void describe(Descriptor d, Map<String, List<String>> out) {
		List<String> fields = new ArrayList<>();
		for (FieldDescriptor f : d.getFields()) {
			String type = switch (f.getJavaType()) {
				case MESSAGE -> f.getMessageType().getFullName();
				case ENUM -> f.getEnumType().getFullName();
				default -> f.getType().name();
			};
			String oneof = f.getRealContainingOneof() == null ? "" : " oneof " + f.getRealContainingOneof().getName();
			fields.add(f.getNumber() + " " + f.getName() + " " + type + (f.isRepeated() ? " repeated" : "")
					+ (f.hasPresence() ? " presence" : "") + oneof);
		}
		out.put(d.getFullName(), fields);
		for (Descriptor nested : d.getNestedTypes()) {
			describe(nested, out);
		}
	}

	private static Map<String, List<String>> describeEnums(FileDescriptor file) {
		Map<String, List<String>> out = new TreeMap<>();
		for (EnumDescriptor e : file.getEnumTypes()) {
			out.put(e.getFullName(), e.getValues().stream().map(v -> v.getNumber() + " " + v.getName()).toList());
		}
		return out;
	}

	private static Map<String, String> describeServices(FileDescriptor file) {
		Map<String, String> out = new TreeMap<>();
		for (ServiceDescriptor s : file.getServices()) {
			for (MethodDescriptor m : s.getMethods()) {
				out.put(s.getFullName() + "/" + m.getName(),
						(m.isClientStreaming() ? "stream " : "") + m.getInputType().getFullName() + " -> "
								+ (m.isServerStreaming() ? "stream " : "") + m.getOutputType().getFullName());
			}
		}
		return out;
	}

}
