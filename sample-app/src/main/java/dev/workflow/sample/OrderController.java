package dev.workflow.sample;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.sample.Orders.Approval;
import dev.workflow.sample.Orders.ApprovalRequest;
import dev.workflow.sample.Orders.Order;
import dev.workflow.sample.Orders.OrderRequest;
import dev.workflow.sample.Orders.OrderResult;
import dev.workflow.sample.Orders.Stage;

import tools.jackson.core.JacksonException;

/**
 * The order API: place an order (starts a workflow), read it, approve or reject it. Input is
 * checked here, before anything is started or raised: the workflow only ever sees valid orders
 * and approvals from this API.
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

	private final WorkflowClient workflows;

	public OrderController(WorkflowClient workflows) {
		this.workflows = workflows;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> place(@RequestBody OrderRequest request) {
		if (request.item() == null || request.item().isBlank()) {
			throw new IllegalArgumentException("'item' is required");
		}
		if (request.quantity() < 1) {
			throw new IllegalArgumentException("'quantity' must be at least 1, was " + request.quantity());
		}
		// Infinity and NaN would pass a plain "> 0" check (1e309 reads as Infinity) and then be
		// charged; only a finite positive amount is a price.
		if (!Double.isFinite(request.amount()) || request.amount() <= 0) {
			throw new IllegalArgumentException(
					"'amount' must be a finite number above 0, was " + request.amount());
		}
		String orderId = "order-" + UUID.randomUUID().toString().substring(0, 8);
		this.workflows.scheduleNewWorkflow("order",
				new Order(orderId, request.item(), request.quantity(), request.amount()), orderId);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("instanceId", orderId);
		body.put("statusUrl", "/orders/" + orderId);
		return ResponseEntity.accepted().body(body);
	}

	@GetMapping("/{id}")
	public ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
		WorkflowInstanceStatus s = this.workflows.getInstanceState(id, true);
		if (s == null || !"order".equals(s.getName())) {
			return notFound(id);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("instanceId", s.getInstanceId());
		body.put("runtimeStatus", s.getRuntimeStatus().name());
		body.put("customStatus", typedOrAsIs(() -> s.readCustomStatusAs(Stage.class), (stage) -> stage.stage() != null,
				() -> s.readCustomStatusAs(Object.class)));
		// Only SHIPPED and REJECTED are outcomes of the order workflow; another JSON object may bind
		// to OrderResult too (unknown fields are ignored) without being one.
		body.put("output", typedOrAsIs(() -> s.readOutputAs(OrderResult.class),
				(result) -> "SHIPPED".equals(result.status()) || "REJECTED".equals(result.status()),
				() -> s.readOutputAs(Object.class)));
		body.put("createdAt", s.getCreatedAt().toString());
		body.put("lastUpdatedAt", s.getLastUpdatedAt().toString());
		if (s.getFailureDetails() != null) {
			body.put("failure", s.getFailureDetails().getErrorMessage());
		}
		return ResponseEntity.ok(body);
	}

	/**
	 * The custom status as a {@link Stage} or the output as an {@link OrderResult} when it is one;
	 * anything else (an operator may terminate an order with any output) is shown as it is, so the
	 * order stays readable instead of failing every read.
	 */
	private static <T> Object typedOrAsIs(Supplier<T> typed, Predicate<T> isOne, Supplier<Object> asIs) {
		try {
			T value = typed.get();
			if (value == null || isOne.test(value)) {
				return value;
			}
		}
		catch (IllegalArgumentException ex) {
			// not of the type: shown as it is below
		}
		return asIs.get();
	}

	@PostMapping(path = "/{id}/approve", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> approve(@PathVariable String id, @RequestBody ApprovalRequest request,
			Principal principal) {
		if (request.approved() == null) {
			throw new IllegalArgumentException("'approved' is required: true approves the order, false rejects it");
		}
		WorkflowInstanceStatus s = this.workflows.getInstanceState(id, false);
		if (s == null || !"order".equals(s.getName())) {
			return notFound(id);
		}
		if (!s.isRunning()) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Map.of("error", "Order '" + id + "' is " + s.getRuntimeStatus()
						+ "; only a running order can be approved or rejected"));
		}
		// The security rules let only signed-in users here; "anonymous" keeps a relaxed copy working.
		String approver = principal == null ? "anonymous" : principal.getName();
		this.workflows.raiseEvent(id, "approve", new Approval(request.approved(), approver));
		return ResponseEntity.accepted()
			.body(Map.of("instanceId", id, "event", "approve", "approved", request.approved()));
	}

	private static ResponseEntity<Map<String, Object>> notFound(String id) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "No order with id '" + id + "'"));
	}

	@ExceptionHandler(WorkflowInstanceNotFoundException.class)
	ResponseEntity<Map<String, Object>> unknown(WorkflowInstanceNotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		String example = request.getRequestURI().endsWith("/approve") ? "{\"approved\": true}"
				: "{\"item\": \"book\", \"quantity\": 1, \"amount\": 20}";
		StringBuilder error = new StringBuilder("Malformed body");
		// Say which field is wrong and why (1.9 is not a quantity, "20" is not an amount).
		if (ex.getMostSpecificCause() instanceof JacksonException jackson) {
			String field = jackson.getPath().isEmpty() ? null : jackson.getPath().get(0).getPropertyName();
			if (field != null) {
				error.append(" in '").append(field).append("'");
			}
			error.append(": ").append(jackson.getOriginalMessage());
		}
		error.append(". Send JSON like ").append(example);
		return ResponseEntity.badRequest().body(Map.of("error", error.toString()));
	}

}
