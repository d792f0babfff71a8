loading = Caricamento…
loading-viewer = Caricamento del visualizzatore… { $size } MB
loading-scene = Caricamento della scena…
reset-view = Ripristina vista
reset-view-tooltip = Torna alla vista iniziale (tasto Home)
about = Informazioni
about-title = Informazioni su questa scena
credits = Crediti
licence = Licenza: { $licence }
language = Lingua
close = Chiudi
previous = Precedente
next = Successivo
hotspot-position = { $index } di { $total }
hotspot-count = { $count ->
    [one] { $count } punto d’interesse
   *[other] { $count } punti d’interesse
}
more-info = Per saperne di più
controls-help = Trascina per ruotare · Trascina con il tasto destro o con due dita per spostare · Rotellina o pizzico per lo zoom
viewer-credit = Visualizzatore: Pavilion, open source
error-title = Impossibile mostrare questa scena
error-code = Codice di errore: { $code }
error-no-webgl = Questo browser non può mostrare scene 3D: WebGL 2 non è disponibile o è disattivato.
topics = Temi
views = Viste
tour = Visita
tour-play = Riproduci
tour-pause = Pausa
tour-end = Termina la visita
tour-step = Tappa { $index } di { $total }
image-unavailable = Immagine non disponibile
fullscreen = Schermo intero
exit-fullscreen = Esci da schermo intero
share = Condividi
link-copied = Link copiato
view-in-3d = Visualizza in 3D
