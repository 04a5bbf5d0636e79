// The workflow dashboard: hand-written, no build step, no network beyond this server's own API.
// Every value from the server is placed with textContent, never as HTML.
(function () {
	'use strict';
	var STATUSES = ['RUNNING', 'PENDING', 'SUSPENDED', 'COMPLETED', 'FAILED', 'TERMINATED', 'CANCELED', 'CONTINUED_AS_NEW'];
	var session = null;
	var view = document.getElementById('view');

	function el(tag, attrs) {
		var node = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (k) {
			var v = attrs[k];
			if (v === null || v === undefined || v === false) return;
			if (k === 'text') node.textContent = v;
			else if (k.indexOf('on') === 0) node.addEventListener(k.substring(2), v);
			else node.setAttribute(k, v === true ? '' : v);
		});
		for (var i = 2; i < arguments.length; i++) {
			var c = arguments[i];
			if (c === null || c === undefined) continue;
			(Array.isArray(c) ? c : [c]).forEach(function (x) {
				node.appendChild(typeof x === 'string' || typeof x === 'number' ? document.createTextNode(String(x)) : x);
			});
		}
		return node;
	}
	function svg(tag, attrs) {
		var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
		Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
		return node;
	}
	function message(text, isError) {
		var m = document.getElementById('message');
		m.textContent = text;
		m.className = isError ? 'error' : '';
		m.hidden = !text;
	}
	function api(path, options) {
		options = options || {};
		var headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
		if (options.method === 'POST') {
			headers['Content-Type'] = 'application/json';
			headers[session.actionTokenHeader] = session.actionToken;
			if (session.csrf && session.csrf.headerName) headers[session.csrf.headerName] = session.csrf.token;
		}
		return fetch('api/' + path, { method: options.method || 'GET', headers: headers, credentials: 'same-origin',
			body: options.body === undefined ? undefined : JSON.stringify(options.body) })
			.then(function (res) {
				var type = res.headers.get('Content-Type') || '';
				if (type.indexOf('json') < 0) {
					throw new Error(res.status === 401 || res.redirected ? 'Signed out: reload the page to sign in'
						: 'Request failed with HTTP ' + res.status);
				}
				return res.json().then(function (body) {
					if (!res.ok) throw new Error(body.error || body.message || ('HTTP ' + res.status));
					return body;
				});
			});
	}
	function duration(iso) { return String(iso).replace(/^PT/, '').toLowerCase(); }
	function when(iso) { return iso ? new Date(iso).toLocaleString() : ''; }
	function badge(status) { return el('span', { 'class': 'badge ' + status, text: status }); }
	function link(id) { return el('a', { 'class': 'instance-link', href: '#/instance/' + encodeURIComponent(id), text: id }); }
	function pretty(json) {
		if (json === null || json === undefined || json === '') return '(none)';
		try { return JSON.stringify(JSON.parse(json), null, 2); } catch (e) { return String(json); }
	}
	function params() {
		var hash = location.hash.replace(/^#/, '');
		var q = hash.indexOf('?');
		return { path: q < 0 ? hash : hash.substring(0, q), query: new URLSearchParams(q < 0 ? '' : hash.substring(q + 1)) };
	}
	function nav(active) {
		['overview', 'instances'].forEach(function (n) {
			document.getElementById('nav-' + n).className = n === active ? 'active' : '';
		});
	}

	// ---- overview ----
	function overview() {
		nav('overview');
		return api('overview').then(function (o) {
			var cards = STATUSES.map(function (s) {
				return el('a', { 'class': 'card', id: 'count-' + s, href: '#/instances?status=' + s, style: 'text-decoration:none;color:inherit' },
					el('div', { 'class': 'n', text: o.byStatus[s] || 0 }), el('div', { 'class': 'l' }, badge(s)));
			});
			var names = Object.keys(o.byName).map(function (name) {
				var counts = o.byName[name];
				var total = Object.keys(counts).reduce(function (a, k) { return a + counts[k]; }, 0);
				return el('tr', null, el('td', null, el('a', { href: '#/instances?name=' + encodeURIComponent(name), text: name })),
					el('td', { text: total }),
					el('td', null, Object.keys(counts).map(function (k) { return el('span', null, badge(k), ' ' + counts[k] + '  '); })));
			});
			var hour = o.lastHour;
			view.replaceChildren(
				el('h1', { text: 'Overview' }),
				el('div', { 'class': 'cards' }, el('div', { 'class': 'card' }, el('div', { 'class': 'n', text: o.total }),
					el('div', { 'class': 'l', text: 'instances' + (o.partial ? ' (first ' + o.total + ' read)' : '') })), cards),
				el('div', { 'class': 'grid2' },
					el('div', null, el('h2', { text: 'Finished per minute (last hour, this process)' }),
						el('div', { 'class': 'panel' }, barChart(hour, 'completed', 'failed'),
							el('div', { 'class': 'legend' }, el('span', null, el('i', { style: 'background:#2f5fd0' }), 'completed'),
								el('span', null, el('i', { style: 'background:#d23b3b' }), 'failed')))),
					el('div', null, el('h2', { text: 'Latency, mean ms per minute' }),
						el('div', { 'class': 'panel' }, lineChart(hour, ['activityMillisAvg', 'turnMillisAvg'], ['#7a4cc2', '#1f9d55']),
							el('div', { 'class': 'legend' }, el('span', null, el('i', { style: 'background:#7a4cc2' }),
								'activity (' + hour.reduce(function (a, m) { return a + m.activities; }, 0) + ' in the last hour)'),
								el('span', null, el('i', { style: 'background:#1f9d55' }),
								'workflow turn (' + hour.reduce(function (a, m) { return a + m.turns; }, 0) + ')'))))),
				el('h2', { text: 'By workflow' }),
				el('table', { id: 'by-name' }, el('thead', null, el('tr', null, el('th', { text: 'Workflow' }), el('th', { text: 'Instances' }), el('th', { text: 'By status' }))),
					el('tbody', null, names.length ? names : el('tr', null, el('td', { colspan: 3, text: 'No instances yet' })))),
				el('h2', { text: 'Stuck: running or pending without progress for ' + duration(o.stuckAfter) + ' (' + o.stuckCount + ')' }),
				instanceTable(o.stuck, null, 'stuck'));
		});
	}
	function barChart(hour, a, b) {
		var w = 600, h = 120, max = Math.max(1, Math.max.apply(null, hour.map(function (m) { return m[a] + m[b]; })));
		var chart = svg('svg', { 'class': 'chart', viewBox: '0 0 ' + w + ' ' + (h + 20), preserveAspectRatio: 'none' });
		var bw = w / hour.length;
		hour.forEach(function (m, i) {
			var ha = m[a] / max * h, hb = m[b] / max * h;
			chart.appendChild(svg('rect', { 'class': 'a', x: i * bw + 1, y: h - ha - hb, width: bw - 2, height: ha }));
			chart.appendChild(svg('rect', { 'class': 'b', x: i * bw + 1, y: h - hb, width: bw - 2, height: hb }));
		});
		axis(chart, hour, w, h, max);
		return chart;
	}
	function lineChart(hour, keys, colors) {
		var max = 1;
		keys.forEach(function (key) { hour.forEach(function (m) { max = Math.max(max, m[key]); }); });
		var w = 600, h = 120;
		var chart = svg('svg', { 'class': 'chart', viewBox: '0 0 ' + w + ' ' + (h + 20), preserveAspectRatio: 'none' });
		var bw = w / hour.length;
		keys.forEach(function (key, k) {
			chart.appendChild(svg('polyline', { stroke: colors[k], points: hour.map(function (m, i) { return (i * bw + bw / 2) + ',' + (h - m[key] / max * h); }).join(' ') }));
		});
		axis(chart, hour, w, h, Math.round(max * 10) / 10);
		return chart;
	}
	function axis(chart, hour, w, h, max) {
		var t1 = svg('text', { x: 2, y: h + 14 }); t1.textContent = new Date(hour[0].start).toLocaleTimeString();
		var t2 = svg('text', { x: w - 60, y: h + 14 }); t2.textContent = 'now';
		var t3 = svg('text', { x: 2, y: 10 }); t3.textContent = 'max ' + max;
		chart.appendChild(t1); chart.appendChild(t2); chart.appendChild(t3);
	}
	function instanceTable(rows, sortState, id) {
		function head(key, label) {
			if (!sortState) return el('th', { text: label });
			var sorted = sortState.sort === key;
			return el('th', { 'class': 'sortable' + (sorted ? ' sorted ' + sortState.dir : ''), 'data-sort': key, text: label,
				onclick: function () { sortState.change(key); } });
		}
		return el('table', { id: id },
			el('thead', null, el('tr', null, head('instanceId', 'Instance'), head('name', 'Workflow'), head('status', 'Status'),
				head('createdAt', 'Created'), head('lastUpdatedAt', 'Last update'))),
			el('tbody', null, rows.length ? rows.map(function (r) {
				return el('tr', { 'data-id': r.instanceId }, el('td', null, link(r.instanceId)), el('td', { text: r.name }),
					el('td', null, badge(r.status)), el('td', { text: when(r.createdAt) }), el('td', { text: when(r.lastUpdatedAt) }));
			}) : el('tr', null, el('td', { colspan: 5, text: 'No instances' }))));
	}

	// ---- list ----
	function toLocalInput(iso) { if (!iso) return ''; var d = new Date(iso); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().substring(0, 16); }
	function fromLocalInput(v) { return v ? new Date(v).toISOString() : ''; }
	function list(query) {
		nav('instances');
		var state = { status: query.get('status') || '', name: query.get('name') || '', idPrefix: query.get('idPrefix') || '',
			createdFrom: query.get('createdFrom') || '', createdTo: query.get('createdTo') || '',
			sort: query.get('sort') || 'createdAt', dir: query.get('dir') || 'desc', page: parseInt(query.get('page') || '0', 10), size: 20 };
		function go(changes) {
			var next = Object.assign({}, state, changes), q = new URLSearchParams();
			['status', 'name', 'idPrefix', 'createdFrom', 'createdTo', 'sort', 'dir', 'page'].forEach(function (k) { if (next[k] !== '' && next[k] !== null) q.set(k, next[k]); });
			location.hash = '#/instances?' + q.toString();
		}
		var q = new URLSearchParams();
		Object.keys(state).forEach(function (k) { if (state[k] !== '') q.set(k, state[k]); });
		return api('instances?' + q.toString()).then(function (res) {
			var statusSelect = el('select', { id: 'filter-status', name: 'status' }, el('option', { value: '', text: 'any' }),
				STATUSES.map(function (s) { return el('option', { value: s, selected: s === state.status, text: s }); }));
			var name = el('input', { id: 'filter-name', value: state.name, placeholder: 'workflow name' });
			var prefix = el('input', { id: 'filter-prefix', value: state.idPrefix, placeholder: 'id prefix' });
			var from = el('input', { id: 'filter-from', type: 'datetime-local', value: toLocalInput(state.createdFrom) });
			var to = el('input', { id: 'filter-to', type: 'datetime-local', value: toLocalInput(state.createdTo) });
			var form = el('form', { 'class': 'filters', onsubmit: function (e) {
				e.preventDefault();
				go({ status: statusSelect.value, name: name.value.trim(), idPrefix: prefix.value.trim(),
					createdFrom: fromLocalInput(from.value), createdTo: fromLocalInput(to.value), page: 0 });
			} }, el('label', null, 'Status', statusSelect), el('label', null, 'Workflow', name), el('label', null, 'Instance id starts with', prefix),
				el('label', null, 'Created from', from), el('label', null, 'Created before', to),
				el('button', { id: 'filter-apply', 'class': 'primary', type: 'submit', text: 'Filter' }),
				el('button', { type: 'button', text: 'Clear', onclick: function () { location.hash = '#/instances'; } }));
			var pages = Math.max(1, Math.ceil(res.total / res.size));
			var sortState = { sort: state.sort, dir: state.dir, change: function (key) {
				go({ sort: key, dir: key === state.sort && state.dir === 'desc' ? 'asc' : 'desc', page: 0 });
			} };
			view.replaceChildren(el('h1', { text: 'Instances' }), form, instanceTable(res.instances, sortState, 'instances'),
				el('div', { 'class': 'pager' },
					el('button', { id: 'page-prev', text: '‹ Previous', disabled: state.page <= 0, onclick: function () { go({ page: state.page - 1 }); } }),
					el('span', { id: 'page-info', text: 'Page ' + (state.page + 1) + ' of ' + pages + ' · ' + res.total + ' instances' + (res.partial ? ' (partial: more than the scan limit)' : '') }),
					el('button', { id: 'page-next', text: 'Next ›', disabled: state.page + 1 >= pages, onclick: function () { go({ page: state.page + 1 }); } })));
		});
	}

	// ---- detail ----
	function detail(id) {
		nav('instances');
		return api('instances/' + encodeURIComponent(id)).then(function (d) {
			var sections = [el('h1', null, 'Instance ', el('span', { id: 'instance-id', text: d.instanceId }), ' ', badge(d.status)),
				el('dl', { 'class': 'meta panel' }, el('dt', { text: 'Workflow' }), el('dd', { text: d.name }),
					el('dt', { text: 'Created' }), el('dd', { text: when(d.createdAt) }),
					el('dt', { text: 'Last update' }), el('dd', { text: when(d.lastUpdatedAt) })),
				el('h2', { text: 'Timeline' }), timeline(d),
				actions(d),
				el('div', { 'class': 'grid2' }, el('div', null, el('h2', { text: 'Input' }), el('pre', { id: 'input', text: pretty(d.input) })),
					el('div', null, el('h2', { text: 'Output' }), el('pre', { id: 'output', text: pretty(d.output) }))),
				el('h2', { text: 'Custom status' }), el('pre', { id: 'custom-status', text: pretty(d.customStatus) })];
			if (d.failure) {
				var f = d.failure, traces = [];
				while (f) {
					// a Java stack trace already starts with "type: message"
					var head = f.errorType + ': ' + f.errorMessage;
					traces.push(f.stackTrace && f.stackTrace.indexOf(f.errorType) === 0 ? f.stackTrace : head + '\n' + (f.stackTrace || ''));
					f = f.cause;
				}
				sections.push(el('h2', { 'class': 'error', text: 'Failure' }), el('pre', { id: 'failure', 'class': 'trace', text: traces.join('\nCaused by ') }));
			}
			sections.push(el('h2', { text: 'History (' + d.history.length + ' events)' }),
				el('table', { id: 'history' }, el('thead', null, el('tr', null, el('th', { text: '#' }), el('th', { text: 'Time' }), el('th', { text: 'Event' }), el('th', { text: 'Details' }))),
					el('tbody', null, d.history.map(function (h, i) {
						var details = Object.assign({}, h.event); delete details.type; delete details.timestamp;
						return el('tr', null, el('td', { text: i }), el('td', { text: when(h.timestamp) }), el('td', { text: h.type }),
							el('td', null, el('code', { text: JSON.stringify(details) })));
					}))));
			view.replaceChildren.apply(view, sections);
		});
	}
	function timeline(d) {
		var start = new Date(d.createdAt).getTime();
		var running = ['RUNNING', 'PENDING', 'SUSPENDED'].indexOf(d.status) >= 0;
		var end = running ? new Date(d.now).getTime() : new Date(d.lastUpdatedAt).getTime();
		d.timeline.forEach(function (b) { if (b.end) end = Math.max(end, new Date(b.end).getTime()); });
		var span = Math.max(1, end - start);
		function pct(t) { return Math.min(100, Math.max(0, (t - start) / span * 100)); }
		var rows = d.timeline.map(function (b) {
			var s = new Date(b.start).getTime(), e = b.end ? new Date(b.end).getTime() : end;
			var label = b.kind + ': ' + b.name;
			var bar = el('div', { 'class': 'bar bar-' + b.kind + ' ' + b.outcome + (b.end ? '' : ' open'),
				style: 'left:' + pct(s) + '%;width:' + Math.max(0.4, pct(e) - pct(s)) + '%',
				title: label + ' · ' + b.outcome + ' · ' + ((e - s) / 1000).toFixed(3) + ' s' + (b.detail ? ' · ' + b.detail : '') });
			var labelNode = b.instanceId && b.kind === 'child' ? el('a', { href: '#/instance/' + encodeURIComponent(b.instanceId), 'class': 'child-link', text: label })
				: el('span', { text: label });
			return el('div', { 'class': 'row' }, el('div', { 'class': 'label', title: label }, labelNode), el('div', { 'class': 'track' }, bar));
		});
		return el('div', { 'class': 'timeline', id: 'timeline' },
			el('div', { 'class': 'axis' }, el('span', { text: new Date(start).toLocaleTimeString() }), el('span', { text: '+' + (span / 1000).toFixed(2) + ' s' })),
			rows.length ? rows : el('div', { 'class': 'hint', text: 'No activities, timers, children or events yet' }),
			el('div', { 'class': 'legend' }, ['activity', 'timer', 'child', 'event', 'suspended'].map(function (k) {
				return el('span', null, el('i', { 'class': 'bar-' + k }), k);
			})));
	}
	function actions(d) {
		if (!session.mayAct) {
			return el('div', { 'class': 'hint', id: 'read-only-hint', text: session.readOnly
				? 'Read-only dashboard: actions are off (dapr.workflow.ui.read-only=true).'
				: 'Your user may not act on workflows here.' });
		}
		function act(action, body, confirmText) {
			if (confirmText && !window.confirm(confirmText)) return;
			api('instances/' + encodeURIComponent(d.instanceId) + '/' + action, { method: 'POST', body: body || {} }).then(function (r) {
				message(action + ' done on ' + d.instanceId + (r.newInstanceId ? ': new instance ' + r.newInstanceId : ''));
				if (action === 'purge') location.hash = '#/instances';
				else if (r.newInstanceId) location.hash = '#/instance/' + encodeURIComponent(r.newInstanceId);
				else setTimeout(route, 300);
			}).catch(function (e) { message(e.message, true); });
		}
		var running = ['RUNNING', 'PENDING', 'SUSPENDED'].indexOf(d.status) >= 0;
		var eventName = el('input', { id: 'event-name', placeholder: 'event name' });
		var payload = el('textarea', { id: 'event-payload', placeholder: '{"approved": true}', spellcheck: 'false' });
		var check = el('div', { 'class': 'hint', id: 'event-check' });
		function valid() {
			var text = payload.value.trim();
			if (!text) { check.textContent = 'No payload'; payload.className = ''; return true; }
			try { JSON.parse(text); check.textContent = 'Valid JSON'; payload.className = ''; return true; }
			catch (e) { check.textContent = 'Invalid JSON: ' + e.message; payload.className = 'invalid'; return false; }
		}
		payload.addEventListener('input', valid);
		var send = el('button', { id: 'event-send', 'class': 'primary', type: 'button', disabled: !running, text: 'Raise event',
			onclick: function () {
				if (!eventName.value.trim()) { message('Enter the event name', true); return; }
				if (valid()) act('raise-event', { eventName: eventName.value.trim(), payload: payload.value.trim() || null });
			} });
		return el('div', null, el('div', { 'class': 'actions' },
			el('button', { id: 'action-suspend', disabled: d.status !== 'RUNNING', text: 'Suspend', onclick: function () { act('suspend'); } }),
			el('button', { id: 'action-resume', disabled: d.status !== 'SUSPENDED', text: 'Resume', onclick: function () { act('resume'); } }),
			el('button', { id: 'action-terminate', 'class': 'danger', disabled: !running, text: 'Terminate', onclick: function () { act('terminate', {}, 'Terminate ' + d.instanceId + '?'); } }),
			el('button', { id: 'action-restart', text: 'Restart as new instance', onclick: function () { act('restart', { newInstanceId: true }); } }),
			el('button', { id: 'action-purge', 'class': 'danger', disabled: running, text: 'Purge', onclick: function () { act('purge', {}, 'Delete ' + d.instanceId + ' and its history?'); } })),
			el('div', { 'class': 'raise panel' }, el('strong', { text: 'Raise an event' }), eventName, payload, check, el('div', null, send)));
	}

	function route() {
		var p = params();
		var m = p.path.match(/^\/instance\/(.+)$/);
		var work = m ? detail(decodeURIComponent(m[1])) : p.path.indexOf('/instances') === 0 ? list(p.query) : overview();
		work.catch(function (e) { view.replaceChildren(el('p', { 'class': 'error', id: 'load-error', text: e.message })); });
	}
	window.addEventListener('hashchange', function () { message(''); route(); });
	api('session').then(function (s) {
		session = s;
		document.getElementById('session').replaceChildren(el('span', null, 'Signed in as ', el('span', { id: 'user', text: s.user }), ' ',
			s.readOnly ? el('span', { 'class': 'badge ro', id: 'read-only', text: 'read-only' }) : null));
		route();
	}).catch(function (e) { view.replaceChildren(el('p', { 'class': 'error', text: e.message })); });
})();
