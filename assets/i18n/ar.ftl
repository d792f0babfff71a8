loading = جارٍ التحميل…
loading-viewer = جارٍ تحميل العارض… { $size } ميغابايت
loading-scene = جارٍ تحميل المشهد…
reset-view = إعادة ضبط العرض
reset-view-tooltip = العودة إلى العرض الأول (مفتاح Home)
about = حول
about-title = حول هذا المشهد
credits = شكر وتقدير
licence = الترخيص: { $licence }
language = اللغة
close = إغلاق
previous = السابق
next = التالي
hotspot-position = { $index } من { $total }
hotspot-count = { $count ->
    [zero] لا توجد نقاط اهتمام
    [one] نقطة اهتمام واحدة
    [two] نقطتا اهتمام
    [few] { $count } نقاط اهتمام
    [many] { $count } نقطة اهتمام
   *[other] { $count } نقطة اهتمام
}
more-info = اعرف المزيد
controls-help = اسحب للتدوير · انقر بالزر الأيمن أو بإصبعين للتحريك · استخدم العجلة أو القرص للتكبير
viewer-credit = العارض: Pavilion، مفتوح المصدر
error-title = تعذّر عرض هذا المشهد
error-code = رمز الخطأ: { $code }
error-no-webgl = لا يستطيع هذا المتصفح عرض المشاهد ثلاثية الأبعاد: WebGL 2 غير متاح أو معطَّل.
topics = الموضوعات
views = المشاهد
tour = جولة
tour-play = تشغيل
tour-pause = إيقاف مؤقت
tour-end = إنهاء الجولة
tour-step = الخطوة { $index } من { $total }
image-unavailable = الصورة غير متاحة
fullscreen = ملء الشاشة
exit-fullscreen = الخروج من ملء الشاشة
share = مشاركة
link-copied = تم نسخ الرابط
view-in-3d = عرض ثلاثي الأبعاد
