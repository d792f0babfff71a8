loading = Chargement…
loading-viewer = Chargement de la visionneuse… { $size } Mo
loading-scene = Chargement de la scène…
reset-view = Vue initiale
reset-view-tooltip = Revenir à la vue de départ (touche Origine)
about = À propos
about-title = À propos de cette scène
credits = Crédits
licence = Licence : { $licence }
language = Langue
close = Fermer
previous = Précédent
next = Suivant
hotspot-position = { $index } sur { $total }
hotspot-count = { $count ->
    [one] { $count } point d’intérêt
   *[other] { $count } points d’intérêt
}
more-info = En savoir plus
controls-help = Glisser pour tourner · Clic droit ou deux doigts pour déplacer · Molette ou pincement pour zoomer
viewer-credit = Visionneuse : Pavilion, logiciel libre
error-title = Impossible d’afficher cette scène
error-code = Code d’erreur : { $code }
error-no-webgl = Ce navigateur ne peut pas afficher de scènes en 3D : WebGL 2 n’est pas disponible ou est désactivé.
topics = Thèmes
views = Vues
tour = Visite
tour-play = Lecture
tour-pause = Pause
tour-end = Terminer la visite
tour-step = Étape { $index } sur { $total }
image-unavailable = Image indisponible
fullscreen = Plein écran
exit-fullscreen = Quitter le plein écran
share = Partager
link-copied = Lien copié
view-in-3d = Voir en 3D
