// The latent-space explorer: the test images' latent means on the left, the digit the decoder
// draws at the point under the pointer on the right. The page holds its data in EXPLORER
// (written by vae.report.Explorer): the labels, and one frame per epoch shown, each with the
// points, the plane they lie in, and the decoder's weights. Nothing is loaded from anywhere.
"use strict";

//> explorer decode
// x is (IN), w is (OUT, IN), b is (OUT); returns y = w·x + b, (OUT), in float32 arithmetic:
// a product of two floats is exact in a double, so Math.fround rounds it once, as Java's float
// multiply does; the sum is rounded to float after every addition, as Java's float sum is
function linear(x, w, b) {
  var IN = x.length, OUT = b.length, y = new Float32Array(OUT);
  for (var o = 0; o < OUT; o++) {
    var sum = b[o];
    for (var i = 0; i < IN; i++) {
      sum = Math.fround(sum + Math.fround(x[i] * w[o * IN + i]));
    }
    y[o] = sum;
  }
  return y;
}

// in place; a Float32Array keeps floats only, so every store rounds as Java's (float) cast
function relu(a) {
  for (var i = 0; i < a.length; i++) {
    a[i] = Math.max(a[i], 0);
  }
  return a;
}

function sigmoid(a) {
  for (var i = 0; i < a.length; i++) {
    a[i] = 1 / (1 + Math.exp(-a[i]));
  }
  return a;
}

// z is (Z); returns σ(decoder(z)), (IN), each pixel 0..1: Vae.decode, then the sigmoid
function decode(z, net) {
  var h1 = relu(linear(z, net.w1, net.b1));
  var h2 = relu(linear(h1, net.w2, net.b2));
  return sigmoid(linear(h2, net.w3, net.b3));
}
//< explorer decode

//> explorer plane
// (u, v) is a point of the chart; returns the latent point z = origin + u·axis1 + v·axis2, (Z).
// For a 2-D space the origin is 0 and the axes are z1 and z2; beyond, the plane of the first two
// principal axes through the mean of the codes.
function latent(u, v, frame) {
  var z = new Float32Array(frame.origin.length);
  for (var j = 0; j < z.length; j++) {
    z[j] = frame.origin[j] + u * frame.axes[0][j] + v * frame.axes[1][j];
  }
  return z;
}
//< explorer plane

//> explorer floats
// base64 of little-endian float32s, or of bfloat16s (the top half of each float32)
function floats(base64) {
  var text = atob(base64), bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) {
    bytes[i] = text.charCodeAt(i);
  }
  if (EXPLORER.precision === "float32") {
    return new Float32Array(bytes.buffer);
  }
  var half = new Uint16Array(bytes.buffer), wide = new Uint32Array(half.length);
  for (var k = 0; k < half.length; k++) {
    wide[k] = half[k] << 16;
  }
  return new Float32Array(wide.buffer);
}
//< explorer floats

function unpack(frame) {
  var w = frame.weights.map(floats);
  return {
    epoch: frame.epoch, points: floats(frame.points), origin: frame.origin, axes: frame.axes,
    net: {w1: w[0], b1: w[1], w2: w[2], b2: w[3], w3: w[4], b3: w[5]}
  };
}

var WALK_STEPS = 10, WALK_GAP = 4, DOT = 2;
var labels = Uint8Array.from(atob(EXPLORER.labels), function (c) { return c.charCodeAt(0); });
var frames = EXPLORER.frames.map(unpack);
var shown = EXPLORER.classes.map(function () { return true; });
var scatter = document.getElementById("scatter"), digit = document.getElementById("digit");
var pixelsCanvas = document.getElementById("digit-pixels"), walk = document.getElementById("walk");
var base = document.createElement("canvas");
base.width = scatter.width;
base.height = scatter.height;
var state = {frame: 0, view: null, pins: [], pointer: null, drawn: 0, z: null, pixels: null, ms: 0};

// the chart's square window on the plane, with a margin: the same scale on both axes
function viewOf(points) {
  var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
  for (var i = 0; i < points.length; i += 2) {
    for (var a = 0; a < 2; a++) {
      lo[a] = Math.min(lo[a], points[i + a]);
      hi[a] = Math.max(hi[a], points[i + a]);
    }
  }
  var span = Math.max(hi[0] - lo[0], hi[1] - lo[1], 1e-6) * 1.1;
  return {u: (lo[0] + hi[0]) / 2 - span / 2, v: (lo[1] + hi[1]) / 2 - span / 2, span: span};
}

function toCanvas(u, v) {
  var view = state.view;
  return {x: (u - view.u) / view.span * scatter.width, y: (1 - (v - view.v) / view.span) * scatter.height};
}

function toPlane(x, y) {
  var view = state.view;
  return {u: view.u + x / scatter.width * view.span, v: view.v + (1 - y / scatter.height) * view.span};
}

// the points, digit by digit, into the canvas kept under the pointer's marks
function drawPoints() {
  var ctx = base.getContext("2d"), points = frames[state.frame].points;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, base.width, base.height);
  drawAxes(ctx);
  state.drawn = 0;
  for (var d = 0; d < EXPLORER.classes.length; d++) {
    if (!shown[d]) {
      continue;
    }
    ctx.fillStyle = EXPLORER.colours[d];
    ctx.globalAlpha = 0.6;
    for (var i = 0; i < labels.length; i++) {
      if (labels[i] === d) {
        var p = toCanvas(points[2 * i], points[2 * i + 1]);
        ctx.fillRect(p.x - DOT / 2, p.y - DOT / 2, DOT, DOT);
        state.drawn++;
      }
    }
    ctx.globalAlpha = 1;
  }
}

// grid lines at round numbers, labelled along the edges
function drawAxes(ctx) {
  var view = state.view, step = Math.pow(10, Math.floor(Math.log10(view.span / 4)));
  step *= view.span / step > 20 ? 5 : view.span / step > 8 ? 2 : 1;
  ctx.strokeStyle = "#e4e4e4";
  ctx.fillStyle = "#777";
  ctx.font = "11px sans-serif";
  for (var t = Math.ceil(view.u / step) * step; t < view.u + view.span; t += step) {
    var x = toCanvas(t, 0).x;
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, base.height);
    ctx.stroke();
    ctx.fillText(+t.toFixed(6), x + 2, base.height - 4);
  }
  for (t = Math.ceil(view.v / step) * step; t < view.v + view.span; t += step) {
    var y = toCanvas(0, t).y;
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.lineTo(base.width, y);
    ctx.stroke();
    ctx.fillText(+t.toFixed(6), 2, y - 2);
  }
  ctx.fillText(EXPLORER.axes[0] + " →", base.width - 60, base.height - 16);
  ctx.fillText("↑ " + EXPLORER.axes[1], 30, 14);
}

// the points, then the walk between the pins, the pins and the pointer's cross
function drawMarks() {
  var ctx = scatter.getContext("2d");
  ctx.drawImage(base, 0, 0);
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 2;
  if (state.pins.length === 2) {
    var a = toCanvas(state.pins[0].u, state.pins[0].v), b = toCanvas(state.pins[1].u, state.pins[1].v);
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
  }
  state.pins.forEach(function (pin) {
    var p = toCanvas(pin.u, pin.v);
    ctx.beginPath();
    ctx.arc(p.x, p.y, 6, 0, 2 * Math.PI);
    ctx.stroke();
  });
  if (state.pointer) {
    var c = toCanvas(state.pointer.u, state.pointer.v);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(c.x - 8, c.y);
    ctx.lineTo(c.x + 8, c.y);
    ctx.moveTo(c.x, c.y - 8);
    ctx.lineTo(c.x, c.y + 8);
    ctx.stroke();
  }
}

// pixels (IN), 0..1, as grey levels into a 28 × 28 ImageData: white ink on black, as the PNGs
function image(ctx, pixels) {
  var data = ctx.createImageData(EXPLORER.cols, EXPLORER.rows);
  for (var i = 0; i < pixels.length; i++) {
    var grey = Math.round(Math.fround(pixels[i] * 255));
    data.data[4 * i] = data.data[4 * i + 1] = data.data[4 * i + 2] = grey;
    data.data[4 * i + 3] = 255;
  }
  return data;
}

// decodes the plane's point (u, v) and draws it large; returns the milliseconds it took
function show(u, v) {
  var start = performance.now(), frame = frames[state.frame];
  state.z = latent(u, v, frame);
  state.pixels = decode(state.z, frame.net);
  pixelsCanvas.getContext("2d").putImageData(image(pixelsCanvas.getContext("2d"), state.pixels), 0, 0);
  var ctx = digit.getContext("2d");
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(pixelsCanvas, 0, 0, digit.width, digit.height);
  state.ms = performance.now() - start;
  document.getElementById("where").textContent = "z = (" + Array.from(state.z, function (x) {
    return x.toFixed(3);
  }).join(", ") + ")";
  document.getElementById("timing").textContent = "decoded and drawn in " + state.ms.toFixed(2) + " ms";
  return state.ms;
}

function drawWalk() {
  var ctx = walk.getContext("2d"), cell = walk.height;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, walk.width, walk.height);
  if (state.pins.length < 2) {
    return;
  }
  var a = state.pins[0], b = state.pins[1], frame = frames[state.frame], tile = document.createElement("canvas");
  tile.width = EXPLORER.cols;
  tile.height = EXPLORER.rows;
  ctx.imageSmoothingEnabled = false;
  for (var s = 0; s < WALK_STEPS; s++) {
    var t = s / (WALK_STEPS - 1);
    var pixels = decode(latent(a.u + t * (b.u - a.u), a.v + t * (b.v - a.v), frame), frame.net);
    tile.getContext("2d").putImageData(image(tile.getContext("2d"), pixels), 0, 0);
    ctx.drawImage(tile, s * (cell + WALK_GAP), 0, cell, cell);
  }
}

function pointed(event) {
  var rect = scatter.getBoundingClientRect();
  return toPlane((event.clientX - rect.left) * scatter.width / rect.width,
      (event.clientY - rect.top) * scatter.height / rect.height);
}

function move(event) {
  state.pointer = pointed(event);
  show(state.pointer.u, state.pointer.v);
  drawMarks();
}

function pin(event) {
  state.pins = state.pins.length === 2 ? [state.pins[1], pointed(event)] : state.pins.concat([pointed(event)]);
  drawWalk();
  drawMarks();
}

function select(index) {
  state.frame = index;
  state.view = viewOf(frames[index].points);
  document.getElementById("epoch-label").textContent = "after epoch " + frames[index].epoch;
  drawPoints();
  drawWalk();
  drawMarks();
  var p = state.pointer || toPlane(scatter.width / 2, scatter.height / 2);
  show(p.u, p.v);
}

function legend() {
  var box = document.getElementById("legend");
  EXPLORER.classes.forEach(function (name, d) {
    var button = document.createElement("button");
    button.id = "legend-" + d;
    button.innerHTML = "<span style='background:" + EXPLORER.colours[d] + "'></span>" + name;
    button.onclick = function () {
      shown[d] = !shown[d];
      button.className = shown[d] ? "" : "off";
      drawPoints();
      drawMarks();
    };
    box.appendChild(button);
  });
}

scatter.addEventListener("pointermove", move);
scatter.addEventListener("pointerdown", move);
scatter.addEventListener("click", pin);
document.getElementById("clear").onclick = function () {
  state.pins = [];
  drawWalk();
  drawMarks();
};
var slider = document.getElementById("epoch");
slider.max = frames.length - 1;
slider.value = frames.length - 1;
slider.oninput = function () {
  select(+slider.value);
};
document.getElementById("training").hidden = frames.length < 2;
// explorer.html#at=u,v&pins=u1,v1,u2,v2 opens with the pointer and the pins at those points
function fromAddress() {
  location.hash.substring(1).split("&").forEach(function (part) {
    var name = part.split("=")[0], numbers = (part.split("=")[1] || "").split(",").map(Number);
    if (name === "at" && numbers.length === 2) {
      state.pointer = {u: numbers[0], v: numbers[1]};
    } else if (name === "pins" && numbers.length === 4) {
      state.pins = [{u: numbers[0], v: numbers[1]}, {u: numbers[2], v: numbers[3]}];
    }
  });
}

legend();
fromAddress();
select(frames.length - 1);

// what a test (or a curious reader, in the console) can ask the page
window.explorer = {
  points: labels.length, frames: frames.length, state: state, select: select, show: show,
  toClient: function (u, v) {
    var p = toCanvas(u, v), rect = scatter.getBoundingClientRect();
    return {x: rect.left + p.x * rect.width / scatter.width, y: rect.top + p.y * rect.height / scatter.height};
  },
  decoded: function () {
    return Array.from(state.pixels);
  },
  z: function () {
    return Array.from(state.z);
  }
};
