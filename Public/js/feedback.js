// Fills the report form's location from the device (progressive: the form works without it).
(function () {
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  if (!button || !navigator.geolocation) { if (button) button.hidden = true; return; }
  button.addEventListener("click", function () {
    status.textContent = "Đang lấy vị trí…";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(6);
      document.getElementById("lon").value = position.coords.longitude.toFixed(6);
      status.textContent = "Đã lấy vị trí (sai số khoảng " + Math.round(position.coords.accuracy) + " m).";
    }, function () {
      status.textContent = "Không lấy được vị trí; hãy nhập vĩ độ, kinh độ.";
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
