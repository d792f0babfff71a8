loading = लोड हो रहा है…
loading-viewer = व्यूअर लोड हो रहा है… { $size } MB
loading-scene = दृश्य लोड हो रहा है…
reset-view = दृश्य रीसेट करें
reset-view-tooltip = पहले दृश्य पर लौटें (Home कुंजी)
about = परिचय
about-title = इस दृश्य के बारे में
credits = आभार और स्रोत
licence = लाइसेंस: { $licence }
language = भाषा
close = बंद करें
previous = पिछला
next = अगला
hotspot-position = { $total } में से { $index }
hotspot-count = { $count ->
    [one] { $count } दर्शनीय बिंदु
   *[other] { $count } दर्शनीय बिंदु
}
more-info = और जानें
controls-help = घुमाने के लिए खींचें · खिसकाने के लिए दायाँ बटन या दो उँगलियों से खींचें · ज़ूम के लिए स्क्रॉल करें या चुटकी लें
viewer-credit = व्यूअर: Pavilion, मुक्त स्रोत
error-title = यह दृश्य दिखाया नहीं जा सका
error-code = त्रुटि कोड: { $code }
error-no-webgl = यह ब्राउज़र 3D दृश्य नहीं दिखा सकता: WebGL 2 उपलब्ध नहीं है या बंद है।
topics = विषय
views = दृश्य
tour = भ्रमण
tour-play = चलाएँ
tour-pause = रोकें
tour-end = भ्रमण समाप्त करें
tour-step = चरण { $index } / { $total }
image-unavailable = चित्र उपलब्ध नहीं
fullscreen = पूर्ण स्क्रीन
exit-fullscreen = पूर्ण स्क्रीन से बाहर निकलें
share = साझा करें
link-copied = लिंक कॉपी हो गया
view-in-3d = 3D में देखें
