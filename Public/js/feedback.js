// Report form and map helpers. Progressive: every form works without this script.
(function () {
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var map = document.getElementById("commune-map");
  var pin = document.getElementById("map-pin");

  // Map ↔ position, with the projection the server wrote on the <svg>.
  function movePin() {
    if (!map || !pin || !lat || !lon) return;
    var la = parseFloat(lat.value.replace(",", ".")), lo = parseFloat(lon.value.replace(",", "."));
    if (isNaN(la) || isNaN(lo)) return;
    pin.setAttribute("cx", (lo - parseFloat(map.dataset.minLon)) * parseFloat(map.dataset.scaleX));
    pin.setAttribute("cy", (parseFloat(map.dataset.maxLat) - la) * parseFloat(map.dataset.scaleY));
  }
  if (map && lat && lon) {
    map.addEventListener("click", function (event) {
      var point = map.createSVGPoint();
      point.x = event.clientX; point.y = event.clientY;
      var local = point.matrixTransform(map.getScreenCTM().inverse());
      lon.value = (parseFloat(map.dataset.minLon) + local.x / parseFloat(map.dataset.scaleX)).toFixed(6);
      lat.value = (parseFloat(map.dataset.maxLat) - local.y / parseFloat(map.dataset.scaleY)).toFixed(6);
      movePin();
    });
    lat.addEventListener("change", movePin);
    lon.addEventListener("change", movePin);
    movePin();
  }

  // Device location.
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  if (button && !navigator.geolocation) button.hidden = true;
  if (button && navigator.geolocation) {
    button.addEventListener("click", function () {
      status.textContent = "Đang lấy vị trí…";
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lon.value = position.coords.longitude.toFixed(6);
        status.textContent = "Đã lấy vị trí (sai số khoảng " + Math.round(position.coords.accuracy) + " m).";
        movePin();
      }, function () {
        status.textContent = "Không lấy được vị trí; hãy chạm vào bản đồ hoặc nhập vĩ độ, kinh độ.";
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  // "Use my address": the digital-address geocoder places the pin (without the script, the server does it).
  var addressButton = document.getElementById("use-address");
  var address = document.getElementById("address");
  if (addressButton && address && window.fetch) {
    addressButton.hidden = false;
    addressButton.addEventListener("click", function () {
      if (address.value.trim().length < 3) { status.textContent = "Hãy nhập địa chỉ."; return; }
      status.textContent = "Đang tìm địa chỉ…";
      fetch("/api/v1/addresses/geocode?q=" + encodeURIComponent(address.value.trim()))
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var hit = answer.hits && answer.hits[0];
          var point = hit ? { lat: hit.lat, lon: hit.lon } : answer.fallback && { lat: answer.fallback.latitude, lon: answer.fallback.longitude };
          if (!point) { status.textContent = "Không tìm thấy địa chỉ; hãy ghi rõ xã, phường và tỉnh, hoặc chạm vào bản đồ."; return; }
          lat.value = point.lat.toFixed(6);
          lon.value = point.lon.toFixed(6);
          status.textContent = hit ? "Đã đặt vị trí tại " + hit.code + " – " + hit.address + "." : "Đã đặt vị trí gần đúng ở trung tâm " + answer.communes[0].name + ".";
          movePin();
        })
        .catch(function () { status.textContent = "Không tìm được địa chỉ lúc này."; });
    });
  }

  // Only the chosen category's extra questions are shown and sent.
  var category = document.getElementById("category");
  function showQuestions() {
    document.querySelectorAll(".question").forEach(function (question) {
      var active = question.dataset.category === category.value;
      question.hidden = !active;
      question.querySelectorAll("select, input").forEach(function (field) { field.disabled = !active; });
    });
  }
  if (category) { category.addEventListener("change", showQuestions); showQuestions(); }

  // Changing province redraws the map.
  var provinceForm = document.getElementById("province-form");
  if (provinceForm) {
    provinceForm.querySelector("select").addEventListener("change", function () { provinceForm.submit(); });
  }
})();
