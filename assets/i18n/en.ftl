# Pavilion viewer UI strings (English). Variables: $index, $total, $count, $size (megabytes, formatted by the page).
loading = Loading…
loading-viewer = Loading viewer… { $size } MB
loading-scene = Loading scene…
reset-view = Reset view
reset-view-tooltip = Return to the first view (Home key)
about = About
about-title = About this scene
credits = Credits
licence = Licence: { $licence }
language = Language
close = Close
previous = Previous
next = Next
hotspot-position = { $index } of { $total }
hotspot-count = { $count ->
    [one] { $count } point of interest
   *[other] { $count } points of interest
}
more-info = Learn more
controls-help = Drag to orbit · Right-drag or two fingers to pan · Scroll or pinch to zoom
viewer-credit = Viewer: Pavilion, open source
error-title = This scene could not be shown
error-code = Error code: { $code }
error-no-webgl = This browser cannot show 3D scenes: WebGL 2 is not available or is turned off.
topics = Topics
views = Views
tour = Tour
tour-play = Play
tour-pause = Pause
tour-end = End tour
tour-step = Step { $index } of { $total }
image-unavailable = Image unavailable
fullscreen = Full screen
exit-fullscreen = Exit full screen
share = Share
link-copied = Link copied
view-in-3d = View in 3D
