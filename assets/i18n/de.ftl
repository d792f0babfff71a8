loading = Wird geladen …
loading-viewer = Viewer wird geladen … { $size } MB
loading-scene = Szene wird geladen …
reset-view = Ansicht zurücksetzen
reset-view-tooltip = Zur Anfangsansicht zurückkehren (Pos1-Taste)
about = Info
about-title = Über diese Szene
credits = Nachweise
licence = Lizenz: { $licence }
language = Sprache
close = Schließen
previous = Zurück
next = Weiter
hotspot-position = { $index } von { $total }
hotspot-count = { $count ->
    [one] { $count } Sehenswürdigkeit
   *[other] { $count } Sehenswürdigkeiten
}
more-info = Mehr erfahren
controls-help = Ziehen zum Drehen · Rechts ziehen oder zwei Finger zum Verschieben · Mausrad oder Zwei-Finger-Geste zum Zoomen
viewer-credit = Viewer: Pavilion, Open Source
error-title = Diese Szene kann nicht angezeigt werden
error-code = Fehlercode: { $code }
error-no-webgl = Dieser Browser kann keine 3D-Szenen anzeigen: WebGL 2 ist nicht verfügbar oder ausgeschaltet.
topics = Themen
views = Ansichten
tour = Rundgang
tour-play = Abspielen
tour-pause = Pause
tour-end = Rundgang beenden
tour-step = Schritt { $index } von { $total }
image-unavailable = Bild nicht verfügbar
fullscreen = Vollbild
exit-fullscreen = Vollbild beenden
share = Teilen
link-copied = Link kopiert
view-in-3d = In 3D ansehen
