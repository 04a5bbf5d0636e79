package dev.workflow.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
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
import dev.workflow.sample.Orders.Order;
import dev.workflow.sample.Orders.OrderRequest;
import dev.workflow.sample.Orders.OrderResult;
import dev.workflow.sample.Orders.Stage;

/**
 * The order API: place an order (starts a workflow), read it, approve it.
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

	private final WorkflowClient workflows;

	public OrderController(WorkflowClient workflows) {
		this.workflows = workflows;
	}

	@PostMapping
	public ResponseEntity<Map<String, Object>> place(@RequestBody OrderRequest request) {
		if (request.item() == null || request.item().isBlank()) {
			throw new IllegalArgumentException("'item' is required");
		}
		if (request.quantity() < 1) {
			throw new IllegalArgumentException("'quantity' must be at least 1, was " + request.quantity());
		}
		if (!(request.amount() > 0)) {
			throw new IllegalArgumentException("'amount' must be positive, was " + request.amount());
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
		body.put("customStatus", s.readCustomStatusAs(Stage.class));
		body.put("output", s.readOutputAs(OrderResult.class));
		body.put("createdAt", s.getCreatedAt().toString());
		body.put("lastUpdatedAt", s.getLastUpdatedAt().toString());
		if (s.getFailureDetails() != null) {
			body.put("failure", s.getFailureDetails().getErrorMessage());
		}
		return ResponseEntity.ok(body);
	}

	@PostMapping("/{id}/approve")
	public ResponseEntity<Map<String, Object>> approve(@PathVariable String id) {
		WorkflowInstanceStatus s = this.workflows.getInstanceState(id, false);
		if (s == null || !"order".equals(s.getName())) {
			return notFound(id);
		}
		this.workflows.raiseEvent(id, "approve", new Approval(true, "api"));
		return ResponseEntity.accepted().body(Map.of("instanceId", id, "event", "approve"));
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
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		return ResponseEntity.badRequest()
			.body(Map.of("error", "Malformed order: send JSON like {\"item\": \"book\", \"quantity\": 1, \"amount\": 20}"));
	}

}
